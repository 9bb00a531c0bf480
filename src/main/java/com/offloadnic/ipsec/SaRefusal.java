package com.offloadnic.ipsec;

/**
 * A refused bundle or OID element: the stable {@code reason}, a human {@code message} with the specifics,
 * and the JSON pointer of the offending member relative to the element ({@code /secAssoc/0/spi}), or "" when
 * no single member is at fault. Never contains key bytes.
 */
public record SaRefusal(SaRefusalReason reason, String message, String field) {

    public SaRefusal {
        if (reason == null || message == null || field == null) {
            throw new IllegalArgumentException("reason, message and field are required");
        }
    }
}
