package com.offloadnic.ipsec;

import com.offloadnic.crypto.AhTransform;
import com.offloadnic.crypto.EspTransform;
import java.util.HashMap;
import java.util.Map;

/**
 * A minimal in-memory {@link InboundSas} for pipeline unit tests: SAs keyed by SPI and protocol (any destination),
 * ESN high bits exactly as given, counters for {@code received}.
 */
final class TestInboundSas implements InboundSas {

    private final Map<String, Sa> byKey = new HashMap<>();
    private long nextHandle = 1;

    static final class Sa implements InboundSa {
        final long handle;
        final SaMode mode;
        final long espSpi;
        final long ahSpi;
        final EspTransform esp;
        final AhTransform ah;
        final boolean esn;
        final int high;
        int received;
        int authenticated;
        long lifetimePackets;

        Sa(long handle, SaMode mode, long espSpi, EspTransform esp, long ahSpi, AhTransform ah, boolean esn,
                int high) {
            this.handle = handle;
            this.mode = mode;
            this.espSpi = espSpi;
            this.esp = esp;
            this.ahSpi = ahSpi;
            this.ah = ah;
            this.esn = esn;
            this.high = high;
        }

        @Override
        public long handle() {
            return handle;
        }

        @Override
        public SaMode mode() {
            return mode;
        }

        @Override
        public long espSpi() {
            return espSpi;
        }

        @Override
        public long ahSpi() {
            return ahSpi;
        }

        @Override
        public EspTransform espTransform() {
            return esp;
        }

        @Override
        public AhTransform ahTransform() {
            return ah;
        }

        @Override
        public boolean esn(int protocol) {
            return esn;
        }

        @Override
        public int inferSequenceHigh(int protocol, int sequenceLow) {
            return esn ? high : 0;
        }

        @Override
        public void authenticated(int protocol, int sequenceHigh, int sequenceLow) {
            authenticated++;
        }

        @Override
        public boolean received(int ipBytes, int sequenceLow) {
            received++;
            return lifetimePackets > 0 && received >= lifetimePackets;
        }
    }

    Sa add(SaMode mode, long espSpi, EspTransform esp, long ahSpi, AhTransform ah, boolean esn, int high) {
        Sa sa = new Sa(nextHandle++, mode, espSpi, esp, ahSpi, ah, esn, high);
        if (espSpi >= 0) {
            byKey.put(espSpi + "/" + InboundLocator.ESP, sa);
        }
        if (ahSpi >= 0) {
            byKey.put(ahSpi + "/" + InboundLocator.AH, sa);
        }
        return sa;
    }

    @Override
    public InboundSa find(long spi, int protocol, byte[] buf, int destinationOffset, int destinationLength) {
        return byKey.get(spi + "/" + protocol);
    }
}
