package com.offloadnic.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.ref.WeakReference;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * A deleted SA's transforms must not outlive it on the crypto workers. Workers are long-lived threads that cache
 * per-SA cipher state in thread-locals; if that state pointed back at its transform, every SA ever used would stay
 * reachable from every worker (the soak run's heap grew with SA churn until this was fixed). Here a long-lived
 * thread uses a transform, the transform is destroyed and dropped, and it must become collectable while the thread
 * is still alive.
 */
class TransformReachabilityTest {

    private static final class Worker extends Thread {
        final BlockingQueue<Runnable> tasks = new ArrayBlockingQueue<>(4);

        Worker() {
            setDaemon(true);
            start();
        }

        @Override
        public void run() {
            try {
                while (true) {
                    tasks.take().run();
                }
            } catch (InterruptedException e) {
                // test over
            }
        }

        void runAndWait(Runnable r) throws InterruptedException {
            CountDownLatch done = new CountDownLatch(1);
            tasks.put(() -> {
                r.run();
                done.countDown();
            });
            done.await();
        }
    }

    private static boolean collected(WeakReference<?> ref) throws InterruptedException {
        for (int i = 0; i < 50 && ref.get() != null; i++) {
            System.gc();
            Thread.sleep(20);
        }
        return ref.get() == null;
    }

    private static WeakReference<EspTransform> useEspOn(Worker worker) throws InterruptedException {
        EspTransform esp = EspTransform.create(EncryptionAlgorithm.AES_GCM_128, SecretBytes.copyOf(new byte[20]), null,
                null, 16, false);
        byte[] span = new byte[8 + 8 + 16 + 2 + 16];
        worker.runAndWait(() -> {
            esp.writeIv(span, 0, 0);
            esp.seal(span, 0, span.length, 0);
        });
        esp.destroy();
        return new WeakReference<>(esp);
    }

    private static WeakReference<AhTransform> useAhOn(Worker worker) throws InterruptedException {
        AhTransform ah = AhTransform.create(IntegrityAlgorithm.SHA_256, SecretBytes.copyOf(new byte[32]));
        byte[] icv = new byte[ah.icvLength()];
        worker.runAndWait(() -> ah.start().update(new byte[40], 0, 40).writeIcv(icv, 0));
        ah.destroy();
        return new WeakReference<>(ah);
    }

    @Test
    void destroyedEspTransform_usedByALiveThread_becomesCollectable() throws Exception {
        Worker worker = new Worker();
        WeakReference<EspTransform> ref = useEspOn(worker);
        assertThat(collected(ref)).as("the worker's cached cipher state keeps no deleted SA alive").isTrue();
        worker.interrupt();
    }

    @Test
    void destroyedAhTransform_usedByALiveThread_becomesCollectable() throws Exception {
        Worker worker = new Worker();
        WeakReference<AhTransform> ref = useAhOn(worker);
        assertThat(collected(ref)).as("the worker's cached MAC state keeps no deleted SA alive").isTrue();
        worker.interrupt();
    }
}
