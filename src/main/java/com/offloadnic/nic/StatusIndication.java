package com.offloadnic.nic;

import java.time.Instant;

/** An NDIS status indication a NIC queues for the protocol stack (the rig) to poll. */
public sealed interface StatusIndication permits StatusIndication.TaskOffloadCurrentConfig {

    /** The NDIS_STATUS_* code. */
    String statusCode();

    Instant timestamp();

    /** NDIS_STATUS_TASK_OFFLOAD_CURRENT_CONFIG: the StatusBuffer is the new current configuration. */
    record TaskOffloadCurrentConfig(Instant timestamp, NdisOffload currentConfig) implements StatusIndication {
        public static final String CODE = "NDIS_STATUS_TASK_OFFLOAD_CURRENT_CONFIG";

        @Override
        public String statusCode() {
            return CODE;
        }
    }
}
