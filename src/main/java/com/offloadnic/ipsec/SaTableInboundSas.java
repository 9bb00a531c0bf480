package com.offloadnic.ipsec;

import com.offloadnic.crypto.AhTransform;
import com.offloadnic.crypto.EspTransform;
import java.util.Objects;
import java.util.function.Function;

/**
 * The receive pipeline's view of a NIC's {@link SaTable}: lookup by SPI + destination + protocol, the bundle's
 * transforms, and its sequence-number and lifetime state. The per-SA view is built once and kept as an
 * {@link SaEntry#attachment attachment} of the entry, so a packet costs no allocation here.
 */
public final class SaTableInboundSas implements InboundSas {

    private static final long LOW_MASK = 0xFFFF_FFFFL;
    private static final Object ATTACHMENT_KEY = new Object();

    private final SaTable table;
    private final Function<SaEntry, SaTransforms> transforms;

    /**
     * @param transforms the transforms of an SA (normally the NIC's {@link SaTransformCache}), built on first use
     */
    public SaTableInboundSas(SaTable table, Function<SaEntry, SaTransforms> transforms) {
        this.table = Objects.requireNonNull(table);
        this.transforms = Objects.requireNonNull(transforms);
    }

    @Override
    public InboundSa find(long spi, int protocol, byte[] buf, int destinationOffset, int destinationLength) {
        IpsecOperation operation = protocol == IpsecOperation.ESP.ipProtocol() ? IpsecOperation.ESP
                : IpsecOperation.AH;
        IpVersion version = destinationLength == IpVersion.IPV4.addressLength() ? IpVersion.IPV4 : IpVersion.IPV6;
        SaEntry entry = table.findInbound((int) spi, operation, version, buf, destinationOffset);
        if (entry == null) {
            return null;
        }
        try {
            return entry.attachment(ATTACHMENT_KEY, e -> new EntryView(e, transforms));
        } catch (IllegalStateException deletedMeanwhile) {
            return null;
        }
    }

    /** One SA bundle as the pipeline sees it. */
    private static final class EntryView implements InboundSa, AutoCloseable {
        private final SaEntry entry;
        private final Function<SaEntry, SaTransforms> transforms;
        private final int espIndex;
        private final int ahIndex;
        private volatile SaMode observedMode;

        EntryView(SaEntry entry, Function<SaEntry, SaTransforms> transforms) {
            this.entry = entry;
            this.transforms = transforms;
            this.espIndex = entry.indexOf(IpsecOperation.ESP);
            this.ahIndex = entry.indexOf(IpsecOperation.AH);
        }

        private int index(int protocol) {
            return protocol == IpsecOperation.ESP.ipProtocol() ? espIndex : ahIndex;
        }

        @Override
        public long handle() {
            return entry.offloadHandle();
        }

        @Override
        public SaMode mode() {
            return entry.mode();
        }

        @Override
        public UdpEspEncapsulationType udpEspEncapsulation() {
            return entry.parameters().udpEspEncapsulation().type();
        }

        @Override
        public SaMode observedMode() {
            return observedMode;
        }

        @Override
        public void observed(SaMode mode) {
            observedMode = mode;
        }

        @Override
        public long espSpi() {
            return espIndex < 0 ? -1 : entry.secAssoc(espIndex).spiUnsigned();
        }

        @Override
        public long ahSpi() {
            return ahIndex < 0 ? -1 : entry.secAssoc(ahIndex).spiUnsigned();
        }

        @Override
        public EspTransform espTransform() {
            return transforms.apply(entry).esp();
        }

        @Override
        public AhTransform ahTransform() {
            return transforms.apply(entry).ah();
        }

        @Override
        public boolean esn(int protocol) {
            return entry.secAssoc(index(protocol)).esn();
        }

        @Override
        public int inferSequenceHigh(int protocol, int sequenceLow) {
            return (int) (entry.sequence(index(protocol)).inferInbound(sequenceLow) >>> 32);
        }

        @Override
        public void authenticated(int protocol, int sequenceHigh, int sequenceLow) {
            entry.sequence(index(protocol)).acceptAuthenticated(((sequenceHigh & LOW_MASK) << 32)
                    | (sequenceLow & LOW_MASK));
        }

        @Override
        public boolean received(int ipBytes, int sequenceLow) {
            return entry.recordTraffic(ipBytes);
        }

        @Override
        public void close() {
            // the transforms are owned and wiped by the NIC's transform cache when the SA is deleted
        }
    }
}
