package com.offloadnic.ipsec;

import java.util.List;

/**
 * A validated SA bundle: parameters the current configuration accepts, and for each {@code secAssoc} entry its
 * keys ({@code keys.get(i)} belongs to {@code parameters.secAssoc().get(i)}). Produced by {@link SaValidator};
 * owned by the {@link SaTable} entry that offloads it, which destroys the keys on delete.
 */
public record SaBundle(SaParameters parameters, List<SecAssocKeys> keys) {

    public SaBundle {
        keys = List.copyOf(keys);
        if (keys.size() != parameters.secAssoc().size()) {
            throw new IllegalArgumentException("one key set per secAssoc entry expected");
        }
    }

    /** Zeroes every key of the bundle. */
    public void destroyKeys() {
        keys.forEach(SecAssocKeys::destroy);
    }
}
