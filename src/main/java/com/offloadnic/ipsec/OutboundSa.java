package com.offloadnic.ipsec;

import java.util.function.Function;

/**
 * What the send path needs to know of one outbound SA bundle: its parameters as the SA table holds them, plus the
 * live per-SA state it shares with later requests (transforms, sequence numbers).
 *
 * @param handle        the SA's offload handle
 * @param outbound      false for an inbound SA (which cannot protect sent packets)
 * @param esp           the ESP entry of the bundle, or null
 * @param ah            the AH entry of the bundle, or null
 * @param mode          the SA's mode when known (UDP-ESP type or {@code emulation.mode}), else null: from the packet
 * @param encapsulation the SA's UDP-ESP encapsulation type
 * @param ivFromPacket  {@code emulation.ivSource = PACKET}: keep the IV the transport wrote
 * @param transforms    the SA's crypto transforms
 */
public record OutboundSa(long handle, boolean outbound, Entry esp, Entry ah, SaMode mode,
        UdpEspEncapsulationType encapsulation, boolean ivFromPacket, SaTransforms transforms) {

    public OutboundSa {
        if (esp == null && ah == null) {
            throw new IllegalArgumentException("SA " + Long.toUnsignedString(handle) + " has neither ESP nor AH");
        }
        if (esp != null && transforms.esp() == null || ah != null && transforms.ah() == null) {
            throw new IllegalArgumentException("SA " + Long.toUnsignedString(handle) + " lacks a transform");
        }
    }

    /**
     * One {@code SecAssoc} entry (ESP or AH) of the bundle.
     *
     * @param spi      its SPI (unsigned 32 bits)
     * @param esn      extended sequence numbers
     * @param sequence its sequence-number state in the SA table
     */
    public record Entry(long spi, boolean esn, SequenceState sequence) {
    }

    /** The send view of an SA table entry; {@code transforms} builds (or finds) the entry's transforms. */
    public static OutboundSa of(SaEntry entry, Function<SaEntry, SaTransforms> transforms) {
        return new OutboundSa(entry.offloadHandle(), entry.direction() == SaDirection.OUTBOUND,
                entryOf(entry, IpsecOperation.ESP), entryOf(entry, IpsecOperation.AH), entry.mode(),
                entry.parameters().udpEspEncapsulation().type(), entry.ivSource() == IvSource.PACKET,
                transforms.apply(entry));
    }

    private static Entry entryOf(SaEntry entry, IpsecOperation operation) {
        int i = entry.indexOf(operation);
        if (i < 0) {
            return null;
        }
        SecAssoc sa = entry.secAssoc(i);
        return new Entry(sa.spiUnsigned(), sa.esn(), entry.sequence(i));
    }
}
