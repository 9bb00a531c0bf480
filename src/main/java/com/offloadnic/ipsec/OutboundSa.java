package com.offloadnic.ipsec;

/**
 * What the send path needs to know of one outbound SA bundle: a snapshot taken from the SA table for one
 * request, plus the live per-SA state (transforms, send sequence) it shares with later requests.
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
     * @param spi                     its SPI (unsigned 32 bits)
     * @param esn                     extended sequence numbers
     * @param sequenceNumberHighOrder the ESN high-order bits as last set by ADD_SA or UPDATE_SA
     * @param sequence                the send-side sequence state of this entry
     */
    public record Entry(long spi, boolean esn, long sequenceNumberHighOrder, OutboundSequence sequence) {
    }
}
