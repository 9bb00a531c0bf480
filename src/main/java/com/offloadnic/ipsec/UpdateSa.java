package com.offloadnic.ipsec;

/**
 * One {@code IPSEC_OFFLOAD_V2_UPDATE_SA} element of {@code OID_TCP_TASK_IPSEC_OFFLOAD_V2_UPDATE_SA}: new
 * high-order ESN bits for the entry ({@code operation}, {@code spi}) of the bundle {@code offloadHandle}.
 */
public record UpdateSa(long offloadHandle, IpsecOperation operation, int spi, int sequenceNumberHighOrder) {

    public UpdateSa {
        if (operation == null) {
            throw new IllegalArgumentException("operation is required");
        }
    }
}
