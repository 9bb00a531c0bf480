package com.offloadnic.lso;

/** A refused offload: the machine-readable reason and a message naming the values involved. */
public record OffloadFailure(OffloadFailureReason reason, String message) {
}
