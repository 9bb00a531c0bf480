package com.offloadnic.config;

import com.offloadnic.nic.NicRegistry;
import org.springframework.context.SmartLifecycle;

/**
 * At shutdown, before the web server waits for requests in flight, ends every waiting long poll (it answers at
 * once with what it has), so graceful shutdown is not held up for a full poll timeout.
 */
final class LongPollShutdown implements SmartLifecycle {

    private final NicRegistry nics;
    private volatile boolean running;

    LongPollShutdown(NicRegistry nics) {
        this.nics = nics;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        nics.closeAll();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops first: before the web server's graceful shutdown starts waiting. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }
}
