package com.offloadnic.ipsec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The IPsec offload v1 side of one NIC's {@link SaTable}: OID_TCP_TASK_IPSEC_ADD_SA and ADD_UDPESP_SA (v1 SAs live
 * in the same table as v2 ones would, so the shared send and receive pipelines find them by handle and SPI), the
 * UDP-ESP parser entries of {@code OFFLOAD_IPSEC_ADD_UDPESP_SA.EncapTypeEntry}, and the filter checks v1 adds to
 * both paths: a packet an SA's {@link TrafficSelector} does not select is not processed over that SA.
 */
public final class IpsecV1Sas {

    /**
     * The result of ADD_SA / ADD_UDPESP_SA.
     *
     * @param status                    NDIS_STATUS_SUCCESS or NDIS_STATUS_FAILURE
     * @param offloadHandle             the new SA's handle, 0 when refused
     * @param encapTypeEntryOffldHandle the parser entry of an inbound UDP-ESP SA, else 0
     * @param refusal                   why the SA was refused, or null
     */
    public record AddOutcome(NdisStatus status, long offloadHandle, long encapTypeEntryOffldHandle,
            SaRefusal refusal) {
    }

    /** A UDP-ESP parser entry as listed. */
    public record ParserEntry(long handle, V1UdpEspEntry entry) {
    }

    private final SaTable table;
    private final Object lock = new Object();
    private final Map<Long, V1UdpEspEntry> parserEntries = new LinkedHashMap<>();
    private long nextParserHandle = 1 + ThreadLocalRandom.current().nextLong((1L << 48) - 1);

    public IpsecV1Sas(SaTable table) {
        this.table = table;
    }

    /**
     * OID_TCP_TASK_IPSEC_ADD_SA ({@code request.udpEsp()} null) or ADD_UDPESP_SA. The key material is destroyed
     * whatever the outcome; a refused SA changes nothing (no SA, no new parser entry).
     */
    public AddOutcome add(AddSaV1 request, SaV1Capabilities caps) {
        try {
            synchronized (lock) {
                SaBundle bundle;
                try {
                    bundle = SaV1Validator.validate(request, caps);
                } catch (SaRefusedException e) {
                    return refused(e.refusal());
                }
                long parser = 0;
                boolean created = false;
                if (request.udpEsp() != null && request.direction() == SaDirection.INBOUND) {
                    parser = request.encapTypeEntryOffldHandle();
                    if (parser != 0) {
                        if (!parserEntries.containsKey(parser)) {
                            bundle.destroyKeys();
                            return refused(new SaRefusal(SaRefusalReason.SA_UNKNOWN_PARSER_ENTRY,
                                    "encapTypeEntryOffldHandle " + Long.toUnsignedString(parser)
                                            + " names no UDP-ESP parser entry of this NIC", "/encapTypeEntryOffldHandle"));
                        }
                    } else {
                        parser = findParserEntry(request.udpEsp());
                        if (parser == 0) {
                            parser = nextParserHandle++;
                            parserEntries.put(parser, request.udpEsp());
                            created = true;
                        }
                    }
                }
                SaOutcome outcome = table.add(bundle, request.selector(), caps.capacity());
                if (!outcome.succeeded()) {
                    if (created) {
                        parserEntries.remove(parser);
                    }
                    return refused(outcome.refusal());
                }
                return new AddOutcome(NdisStatus.SUCCESS, outcome.offloadHandle(), parser, null);
            }
        } finally {
            request.keyMat().destroy();
        }
    }

    private long findParserEntry(V1UdpEspEntry entry) {
        for (Map.Entry<Long, V1UdpEspEntry> e : parserEntries.entrySet()) {
            if (e.getValue().equals(entry)) {
                return e.getKey();
            }
        }
        return 0;
    }

    private static AddOutcome refused(SaRefusal refusal) {
        return new AddOutcome(NdisStatus.FAILURE, 0, 0, refusal);
    }

    /**
     * The parser-entry half of OID_TCP_TASK_IPSEC_DELETE_UDPESP_SA ({@code EncapTypeEntryOffldHandle}, non-zero).
     *
     * @return whether the handle named a parser entry (which is now removed)
     */
    public boolean deleteParserEntry(long handle) {
        synchronized (lock) {
            return parserEntries.remove(handle) != null;
        }
    }

    /** Whether {@code handle} names a parser entry. */
    public boolean hasParserEntry(long handle) {
        synchronized (lock) {
            return parserEntries.containsKey(handle);
        }
    }

    public List<ParserEntry> parserEntries() {
        synchronized (lock) {
            List<ParserEntry> list = new ArrayList<>(parserEntries.size());
            parserEntries.forEach((h, e) -> list.add(new ParserEntry(h, e)));
            return list;
        }
    }

    /** NIC removal. */
    public void clear() {
        synchronized (lock) {
            parserEntries.clear();
        }
    }

    /**
     * Send path: why the frame (framed by the transport, not yet encrypted) is not selected by the filter of one of
     * the SAs it is to be sent over, or null when every filter selects it — or when the frame cannot be walked,
     * which the send pipeline then reports precisely.
     */
    public static String sendMismatch(byte[] frame, List<SaEntry> sas) {
        ProtectedTraffic traffic = ProtectedTraffic.of(frame, (spi, destination) -> espEntry(sas, spi));
        if (traffic == null) {
            return null;
        }
        for (SaEntry sa : sas) {
            TrafficSelector selector = sa.selector();
            String why = selector == null ? null : selector.mismatch(traffic);
            if (why != null) {
                return "the packet is not selected by SA " + Long.toUnsignedString(sa.offloadHandle()) + ": " + why;
            }
        }
        return null;
    }

    private static SecAssoc espEntry(List<SaEntry> sas, long spi) {
        for (SaEntry sa : sas) {
            int i = sa.indexOf(IpsecOperation.ESP);
            if (i >= 0 && sa.secAssoc(i).spiUnsigned() == spi) {
                return sa.secAssoc(i);
            }
        }
        return null;
    }

    /**
     * Receive path: the indication of {@code frame} after the shared pipeline processed it, with v1 filters
     * applied. A successfully processed frame that the filter of an SA it arrived over does not select is indicated
     * as it arrived, unprocessed ({@link NotOffloadedReason#SELECTOR_MISMATCH}).
     */
    public ReceiveIndication filterReceived(byte[] frame, ReceiveIndication indication) {
        if (!indication.cryptoDone() || indication.cryptoStatus() != CryptoStatus.CRYPTO_SUCCESS) {
            return indication;
        }
        ProtectedTraffic traffic = ProtectedTraffic.of(indication.frame(), this::inboundEsp);
        if (traffic == null) {
            return indication;
        }
        for (ProtectedTraffic.Header h : traffic.ipsec()) {
            SaEntry sa = table.findInbound((int) h.spi(), h.operation(),
                    new IpAddress(IpVersion.IPV4, 0, h.ipDestination()));
            if (sa != null && sa.selector() != null && sa.selector().mismatch(traffic) != null) {
                return ReceiveIndication.notOffloaded(frame.clone(), NotOffloadedReason.SELECTOR_MISMATCH);
            }
        }
        return indication;
    }

    private SecAssoc inboundEsp(long spi, long destination) {
        SaEntry sa = table.findInbound((int) spi, IpsecOperation.ESP, new IpAddress(IpVersion.IPV4, 0, destination));
        if (sa == null) {
            return null;
        }
        int i = sa.indexOf(IpsecOperation.ESP);
        return i < 0 ? null : sa.secAssoc(i);
    }
}
