package com.offloadnic.crypto;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one bounded pool of platform threads that runs the cryptography of every NIC of every tenant
 * (SPEC section 9).
 *
 * <p><b>Fairness.</b> Each tenant has its own FIFO queue; workers serve the tenants with queued work in
 * weighted round robin: a tenant at the head of the rotation gets up to {@code weight} tasks (default 1),
 * then goes to the back. A tenant that submits work while others flood the pool therefore waits for at most
 * the sum of the other active tenants' weights (plus the tasks already running) before its first task
 * starts, whatever the length of their queues.
 *
 * <p><b>Bounds.</b> Each tenant may have at most {@link Config#tenantQueueCapacity()} tasks queued (not yet
 * running; per tenant overridable with {@link #configureTenant}), and the pool at most
 * {@link Config#totalQueueCapacity()}. A submission beyond either is refused at once with
 * {@link PoolSaturatedException} naming the bound and a retry-after estimate; submission never blocks and
 * nothing queued is ever dropped.
 *
 * <p><b>Order.</b> Tasks of one tenant start in submission order, but with several workers they run in
 * parallel and may finish in any order. A caller that needs per-NIC order (transmitted frames, receive
 * indications) submits the NIC's N packets, keeps the N futures in a list in submission order and consumes
 * their results in that list's order ({@link #collectInOrder}), not in completion order.
 *
 * <p><b>Threads.</b> Workers are named {@code <prefix>-<n>}, daemon, platform threads (the transforms'
 * per-thread {@code Cipher}/{@code Mac} caches live in them, which is why these are not virtual threads).
 * {@link #close()} stops accepting work, lets the workers finish everything already queued, and waits
 * for them.
 *
 * <p>Metrics are plain getters plus a {@link StartObserver} that learns each task's queue wait (from submission
 * to start) per tenant; the Spring service binds them to Micrometer.
 */
public final class CryptoPool implements AutoCloseable {

    /**
     * @param threads worker threads (default: available processors)
     * @param tenantQueueCapacity default bound of one tenant's queued tasks
     * @param totalQueueCapacity bound of all queued tasks
     * @param threadNamePrefix worker name prefix
     */
    public record Config(int threads, int tenantQueueCapacity, int totalQueueCapacity, String threadNamePrefix) {
        public Config {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1, got " + threads);
            }
            if (tenantQueueCapacity < 1 || totalQueueCapacity < 1) {
                throw new IllegalArgumentException("queue capacities must be at least 1, got tenant "
                        + tenantQueueCapacity + ", total " + totalQueueCapacity);
            }
            Objects.requireNonNull(threadNamePrefix, "threadNamePrefix");
        }

        /** One worker per processor, 1024 queued tasks per tenant, 8192 in all. */
        public static Config defaults() {
            return new Config(Runtime.getRuntime().availableProcessors(), 1024, 8192, "offloadnic-crypto");
        }

        public Config withThreads(int n) {
            return new Config(n, tenantQueueCapacity, totalQueueCapacity, threadNamePrefix);
        }

        public Config withQueueCapacities(int perTenant, int total) {
            return new Config(threads, perTenant, total, threadNamePrefix);
        }
    }

    /**
     * Told, on the worker thread and outside the pool's lock, how long each task waited in its tenant's queue.
     * Runs once per task on the hot path: must be quick (a few adds, no histograms, no clock reads) and must not
     * throw.
     */
    @FunctionalInterface
    public interface StartObserver {
        void started(String tenantId, long waitNanos);
    }

    private final Config config;
    private volatile StartObserver startObserver = (tenant, wait) -> { };
    private final List<Thread> workers;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition workAvailable = lock.newCondition();
    private final Condition terminated = lock.newCondition();
    /** Tenants with queued work, in rotation order; the head is being served. Guarded by {@link #lock}. */
    private final LinkedHashMap<String, TenantQueue> active = new LinkedHashMap<>();
    /** Per-tenant overrides of weight and capacity. Guarded by {@link #lock}. */
    private final Map<String, TenantSettings> settings = new HashMap<>();
    private int queued;
    /** Slots held by open {@link Reservation}s, per tenant and in all; they count against the bounds. */
    private final Map<String, Integer> reservedByTenant = new HashMap<>();
    private int reservedTotal;
    private int busy;
    private int liveWorkers;
    private boolean shutdown;
    /** Written under {@link #lock}, read without it. */
    private volatile long completed;
    private volatile long failed;
    private final AtomicLong rejectedTenantShare = new AtomicLong();
    private final AtomicLong rejectedPool = new AtomicLong();
    /** Exponentially weighted mean task duration in nanoseconds, for the retry-after hint. */
    private volatile double meanTaskNanos = 50_000;

    public CryptoPool() {
        this(Config.defaults());
    }

    public CryptoPool(Config config) {
        this.config = Objects.requireNonNull(config, "config");
        Thread[] threads = new Thread[config.threads()];
        for (int i = 0; i < threads.length; i++) {
            threads[i] = Thread.ofPlatform().name(config.threadNamePrefix() + "-" + i).daemon(true)
                    .unstarted(this::workLoop);
        }
        this.workers = List.of(threads);
        liveWorkers = threads.length;
        workers.forEach(Thread::start);
    }

    public Config config() {
        return config;
    }

    /** Replaces the observer of queue waits (one at a time; the metrics binder sets it). */
    public void observeStarts(StartObserver observer) {
        this.startObserver = Objects.requireNonNull(observer, "observer");
    }

    /**
     * Sets a tenant's round-robin weight (tasks served per turn, at least 1) and its queue bound (its share
     * of the pool). Applies to tasks submitted from now on.
     */
    public void configureTenant(String tenantId, int weight, int queueCapacity) {
        Objects.requireNonNull(tenantId, "tenantId");
        if (weight < 1 || queueCapacity < 1) {
            throw new IllegalArgumentException("weight and queue capacity must be at least 1, got " + weight
                    + " and " + queueCapacity);
        }
        lock.lock();
        try {
            settings.put(tenantId, new TenantSettings(weight, queueCapacity));
        } finally {
            lock.unlock();
        }
    }

    /** Forgets a tenant's overrides (its queued tasks still run). */
    public void forgetTenant(String tenantId) {
        lock.lock();
        try {
            settings.remove(tenantId);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Queues {@code task} for {@code tenantId}. The future completes with the task's result, or
     * exceptionally with what it threw. Cancelling the future before the task starts skips it.
     *
     * @throws PoolSaturatedException when the tenant's share or the pool is full (nothing was queued)
     * @throws RejectedExecutionException after {@link #close()} or {@link #shutdown()}
     */
    public <T> CompletableFuture<T> submit(String tenantId, Callable<T> task) {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(task, "task");
        lock.lock();
        try {
            admit(tenantId, 1);
            return enqueue(tenantId, task);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Holds room for {@code tasks} tasks of {@code tenantId} against the queue bounds, all or nothing, so that a
     * caller can commit side effects (sequence numbers) only once it knows its work will be taken, and then queue
     * tasks that are ready to run ({@link Reservation#submit}), instead of queueing tasks that wait for the commit
     * on a worker. Room not used is given back by {@link Reservation#close()}.
     *
     * @throws PoolSaturatedException when the tenant's share or the pool cannot hold {@code tasks} more
     * @throws RejectedExecutionException after {@link #close()} or {@link #shutdown()}
     */
    public Reservation reserve(String tenantId, int tasks) {
        Objects.requireNonNull(tenantId, "tenantId");
        if (tasks < 0) {
            throw new IllegalArgumentException("tasks must not be negative, got " + tasks);
        }
        lock.lock();
        try {
            admit(tenantId, tasks);
            reservedByTenant.merge(tenantId, tasks, Integer::sum);
            reservedTotal += tasks;
            return new Reservation(tenantId, tasks);
        } finally {
            lock.unlock();
        }
    }

    /** Room for tasks held against the pool's bounds; see {@link #reserve}. Not thread-safe. */
    public final class Reservation implements AutoCloseable {
        private final String tenantId;
        private int remaining;

        private Reservation(String tenantId, int slots) {
            this.tenantId = tenantId;
            this.remaining = slots;
        }

        /** Queues a task in one of the reserved slots; never refused for saturation. */
        public <T> CompletableFuture<T> submit(Callable<T> task) {
            Objects.requireNonNull(task, "task");
            if (remaining == 0) {
                throw new IllegalStateException("no reserved slot left");
            }
            lock.lock();
            try {
                if (liveWorkers == 0) {
                    throw new RejectedExecutionException("crypto pool has terminated");
                }
                release(1);
                return enqueue(tenantId, task);
            } finally {
                lock.unlock();
            }
        }

        /** Gives back the slots not used. */
        @Override
        public void close() {
            if (remaining == 0) {
                return;
            }
            lock.lock();
            try {
                release(remaining);
            } finally {
                lock.unlock();
            }
        }

        private void release(int n) {
            remaining -= n;
            reservedTotal -= n;
            reservedByTenant.merge(tenantId, -n, (a, b) -> a + b == 0 ? null : a + b);
        }
    }

    /** Checks that {@code n} more tasks fit. Caller holds the lock. */
    private void admit(String tenantId, int n) {
        if (shutdown) {
            throw new RejectedExecutionException("crypto pool is shut down");
        }
        TenantSettings tenant = settingsOf(tenantId);
        TenantQueue queue = active.get(tenantId);
        int tenantQueued = (queue == null ? 0 : queue.tasks.size()) + reservedByTenant.getOrDefault(tenantId, 0);
        if (tenantQueued + n > tenant.queueCapacity()) {
            rejectedTenantShare.incrementAndGet();
            throw new PoolSaturatedException(PoolSaturatedException.Bound.TENANT_SHARE, tenantId,
                    tenant.queueCapacity(), retryAfter(tenantQueued + n));
        }
        if (queued + reservedTotal + n > config.totalQueueCapacity()) {
            rejectedPool.incrementAndGet();
            throw new PoolSaturatedException(PoolSaturatedException.Bound.POOL, tenantId,
                    config.totalQueueCapacity(), retryAfter(queued + reservedTotal + n));
        }
    }

    /** Queues a task whose room was checked. Caller holds the lock. */
    private <T> CompletableFuture<T> enqueue(String tenantId, Callable<T> task) {
        var future = new CompletableFuture<T>();
        TenantQueue queue = active.get(tenantId);
        if (queue == null) {
            queue = new TenantQueue(tenantId, settingsOf(tenantId).weight());
            active.put(tenantId, queue);
        }
        queue.tasks.addLast(new Task<>(tenantId, task, future, System.nanoTime()));
        queued++;
        workAvailable.signal();
        return future;
    }

    /**
     * Waits for every future and returns the results in the order of {@code futures} (submission order),
     * whatever order they completed in. The first failure, in list order, is rethrown.
     */
    public static <T> List<T> collectInOrder(List<CompletableFuture<T>> futures) {
        return futures.stream().map(CompletableFuture::join).toList();
    }

    private TenantSettings settingsOf(String tenantId) {
        TenantSettings s = settings.get(tenantId);
        return s != null ? s : new TenantSettings(1, config.tenantQueueCapacity());
    }

    /** How long {@code depth} queued tasks take to drain at the observed task rate; at least 1 ms. */
    private Duration retryAfter(int depth) {
        double nanos = meanTaskNanos * Math.max(1, depth) / config.threads();
        return Duration.ofNanos(Math.max(TimeUnit.MILLISECONDS.toNanos(1), (long) Math.ceil(nanos)));
    }

    private void workLoop() {
        // One clock read per task: the start of the next task ends the previous one's duration (for the
        // retry-after estimate) unless the worker went idle in between.
        long previousStart = 0;
        while (true) {
            Task<?> task;
            lock.lock();
            try {
                while (queued == 0 && !shutdown) {
                    previousStart = 0;
                    workAvailable.awaitUninterruptibly();
                }
                if (queued == 0) {
                    liveWorkers--;
                    if (liveWorkers == 0) {
                        terminated.signalAll();
                    }
                    return;
                }
                task = takeNext();
                busy++;
            } finally {
                lock.unlock();
            }
            long start = System.nanoTime();
            if (previousStart != 0) {
                meanTaskNanos = meanTaskNanos * 0.9 + (start - previousStart) * 0.1;
            }
            previousStart = start;
            startObserver.started(task.tenantId, start - task.submittedNanos);
            task.run();
            lock.lock();
            try {
                busy--;
                // Counted before the future completes, so a caller that sees its future done sees it counted.
                if (task.failed()) {
                    failed++;
                }
                completed++;
            } finally {
                lock.unlock();
            }
            task.complete();
        }
    }

    /** Weighted round robin over tenants with queued work. Caller holds the lock and {@code queued > 0}. */
    private Task<?> takeNext() {
        var head = active.firstEntry().getValue();
        Task<?> task = head.tasks.pollFirst();
        queued--;
        head.servedThisTurn++;
        if (head.tasks.isEmpty()) {
            active.pollFirstEntry();
        } else if (head.servedThisTurn >= head.weight) {
            head.servedThisTurn = 0;
            head.weight = settingsOf(head.tenantId).weight();
            active.pollFirstEntry();
            active.put(head.tenantId, head);
        }
        return task;
    }

    /** Stops accepting work; queued tasks still run. Returns at once. */
    public void shutdown() {
        lock.lock();
        try {
            shutdown = true;
            workAvailable.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits up to {@code timeout} for the workers to finish the queued work after a shutdown. */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        lock.lock();
        try {
            while (liveWorkers > 0) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = terminated.awaitNanos(nanos);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    public boolean isShutdown() {
        lock.lock();
        try {
            return shutdown;
        } finally {
            lock.unlock();
        }
    }

    /** Stops accepting work, completes everything queued and waits for the workers to exit. */
    @Override
    public void close() {
        shutdown();
        boolean interrupted = false;
        while (true) {
            try {
                if (awaitTermination(Duration.ofDays(1))) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    // --- metrics ---

    public int threadCount() {
        return workers.size();
    }

    /** Tasks queued (not yet started) for {@code tenantId}. */
    public int queueDepth(String tenantId) {
        lock.lock();
        try {
            TenantQueue q = active.get(tenantId);
            return q == null ? 0 : q.tasks.size();
        } finally {
            lock.unlock();
        }
    }

    /** The round-robin weight {@code tenantId}'s tasks are served with (1 unless configured). */
    public int tenantWeight(String tenantId) {
        lock.lock();
        try {
            return settingsOf(tenantId).weight();
        } finally {
            lock.unlock();
        }
    }

    /** The bound of {@code tenantId}'s queued tasks. */
    public int tenantQueueCapacity(String tenantId) {
        lock.lock();
        try {
            return settingsOf(tenantId).queueCapacity();
        } finally {
            lock.unlock();
        }
    }

    /** Snapshot of the queue depth of every tenant with queued work. */
    public Map<String, Integer> queueDepths() {
        lock.lock();
        try {
            var depths = new LinkedHashMap<String, Integer>();
            active.forEach((tenant, q) -> depths.put(tenant, q.tasks.size()));
            return depths;
        } finally {
            lock.unlock();
        }
    }

    /** Tasks queued (not yet started) across all tenants. */
    public int totalQueueDepth() {
        lock.lock();
        try {
            return queued;
        } finally {
            lock.unlock();
        }
    }

    /** Workers running a task right now. */
    public int busyWorkers() {
        lock.lock();
        try {
            return busy;
        } finally {
            lock.unlock();
        }
    }

    /** Tasks that ran to the end (successfully or not) or were skipped because cancelled. */
    public long completedCount() {
        return completed;
    }

    /** Of {@link #completedCount()}, tasks that threw. */
    public long failedCount() {
        return failed;
    }

    /** Submissions refused, both bounds together. */
    public long rejectedCount() {
        return rejectedTenantShare.get() + rejectedPool.get();
    }

    public long rejectedCount(PoolSaturatedException.Bound bound) {
        return switch (bound) {
            case TENANT_SHARE -> rejectedTenantShare.get();
            case POOL -> rejectedPool.get();
        };
    }

    private record TenantSettings(int weight, int queueCapacity) {
    }

    private static final class TenantQueue {
        final String tenantId;
        final ArrayDeque<Task<?>> tasks = new ArrayDeque<>();
        int weight;
        int servedThisTurn;

        TenantQueue(String tenantId, int weight) {
            this.tenantId = tenantId;
            this.weight = weight;
        }
    }

    private static final class Task<T> {
        private final String tenantId;
        private final Callable<T> callable;
        private final CompletableFuture<T> future;
        private final long submittedNanos;
        private T result;
        private Throwable failure;

        Task(String tenantId, Callable<T> callable, CompletableFuture<T> future, long submittedNanos) {
            this.tenantId = tenantId;
            this.callable = callable;
            this.future = future;
            this.submittedNanos = submittedNanos;
        }

        /** Runs the callable (unless the future was cancelled) and keeps its outcome; never throws. */
        void run() {
            if (future.isDone()) {
                return;
            }
            try {
                result = callable.call();
            } catch (Throwable t) {
                // Errors too: the worker survives and the caller sees what happened.
                failure = t;
            }
        }

        boolean failed() {
            return failure != null;
        }

        void complete() {
            if (failure != null) {
                future.completeExceptionally(failure);
            } else {
                future.complete(result);
            }
        }
    }
}
