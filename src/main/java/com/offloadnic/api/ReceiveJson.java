package com.offloadnic.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.offloadnic.ipsec.ReceiveIndication;
import com.offloadnic.nic.IndicationRing;
import com.offloadnic.nic.NicFaults;
import com.offloadnic.nic.ReceiveStatistics;
import java.util.List;
import java.util.Map;

/** JSON shapes of the receive path: injected frames, indications, links and statistics. */
final class ReceiveJson {

    private ReceiveJson() {
    }

    /** {@code POST /v1/nics/{nicId}/receive}. */
    record ReceiveRequest(List<Frame> frames) {
    }

    /** One frame as a NET_BUFFER carries it: Ethernet II; base64 in JSON, a byte string in CBOR. */
    record Frame(byte[] data) {
    }

    /**
     * @param accepted frames queued for processing; each will be indicated
     * @param dropped  frames dropped because the receive ring was full
     * @param refused  frames the crypto pool refused (retry them after Retry-After); absent when 0
     */
    record ReceiveResponse(int accepted, int dropped, Integer refused) {
    }

    record ReceiveIndicationPoll(List<IndicationJson> indications, long nextCursor, long dropped) {
    }

    /** {@code NDIS_IPSEC_OFFLOAD_V2_NET_BUFFER_LIST_INFO.Receive}. */
    record IpsecOffloadV2(int cryptoDone, int nextCryptoDone, String cryptoStatus, int saDeleteReq) {
    }

    /** {@code NDIS_IPSEC_OFFLOAD_V2_HEADER_NET_BUFFER_LIST_INFO.Receive}. */
    record IpsecOffloadV2Header(int nextHeader, int padLength, int headerInfoSet) {
    }

    /**
     * What the emulator says beyond NDIS: why a frame was not offloaded, or the handle of the SA bundle it was
     * received over (the outer one for tunnel + transport).
     */
    record IndicationEmulation(String notOffloadedReason, String offloadHandle) {
    }

    /**
     * The receive members of {@code NDIS_IPSEC_OFFLOAD_V1_NET_BUFFER_LIST_INFO} (NDIS 6.0 NICs, instead of the
     * v2 members).
     */
    record IpsecOffloadV1(int saDeleteReq, int cryptoDone, int nextCryptoDone, String cryptoStatus) {
    }

    /** An indication: v2 NICs fill the {@code ipsecOffloadV2*} members, NDIS 6.0 NICs {@code ipsecOffloadV1}. */
    record IndicationJson(long sequence, byte[] data,
            @JsonInclude(JsonInclude.Include.NON_NULL) IpsecOffloadV2 ipsecOffloadV2,
            @JsonInclude(JsonInclude.Include.NON_NULL) IpsecOffloadV2Header ipsecOffloadV2Header,
            IndicationEmulation emulation,
            @JsonInclude(JsonInclude.Include.NON_NULL) IpsecOffloadV1 ipsecOffloadV1) {

        static IndicationJson of(IndicationRing.Entry<ReceiveIndication> entry) {
            return of(entry, false);
        }

        static IndicationJson of(IndicationRing.Entry<ReceiveIndication> entry, boolean ipsecV1) {
            ReceiveIndication i = entry.value();
            ReceiveIndication.HeaderInfo h = i.headerInfo();
            byte[] data = i.frame();
            if (ipsecV1) {
                return new IndicationJson(entry.sequence(), data, null, null, emulation(i), new IpsecOffloadV1(
                        bit(i.saDeleteReq()), bit(i.cryptoDone()), bit(i.nextCryptoDone()), i.cryptoStatus().name()));
            }
            return new IndicationJson(entry.sequence(), data,
                    new IpsecOffloadV2(bit(i.cryptoDone()), bit(i.nextCryptoDone()), i.cryptoStatus().name(),
                            bit(i.saDeleteReq())),
                    new IpsecOffloadV2Header(h.nextHeader(), h.padLength(), bit(h.headerInfoSet())),
                    emulation(i), null);
        }

        private static IndicationEmulation emulation(ReceiveIndication i) {
            if (i.notOffloadedReason() != null) {
                return new IndicationEmulation(i.notOffloadedReason().statisticName(), null);
            }
            return i.inboundSaHandle() == 0 ? null
                    : new IndicationEmulation(null, Long.toUnsignedString(i.inboundSaHandle()));
        }
    }

    static int bit(boolean b) {
        return b ? 1 : 0;
    }

    /** {@code PUT /v1/nics/{nicId}/link}. */
    record LinkRequest(String peerNicId) {
    }

    record LinkResponse(String nicId, String peerNicId) {
    }

    /**
     * A NIC's statistics, named in the spirit of a driver's ethtool counters (lowerCamelCase): the receive side
     * (frames in, indications by cryptoStatus, not offloaded by reason, drops) and the send side (frames out,
     * NBL completions by status, failed NBLs by reason).
     */
    record StatisticsResponse(String nicId, long rxFrames, long rxBytes, long rxIndications, long rxRingDrops,
            long rxCryptoBusyDrops, long rxInFlight, long ipsecRxPkts, long ipsecRxBytes, long ipsecRxDropPkts, long ipsecRxDropBytes,
            long ipsecRxNextCryptoDone, long ipsecRxSaDeleteReq, Map<String, Long> rxIndicationsByCryptoStatus,
            Map<String, Long> rxNotOffloaded, int saInUse, long txFrames, long txBytes, long ipsecTxPkts,
            long ipsecTxBytes, long txNblCompletions, Map<String, Long> txNblCompletionsByStatus,
            Map<String, Long> ipsecTxDropNblsByReason, StatisticsEmulation emulation) {

        static StatisticsResponse of(String nicId, ReceiveStatistics.Snapshot s, long inFlight, int saInUse,
                com.offloadnic.nic.TransmitStatistics.Snapshot t, NicFaults.Counters faults) {
            return new StatisticsResponse(nicId, s.rxFrames(), s.rxBytes(), s.rxIndications(), s.rxRingDrops(),
                    s.rxCryptoBusyDrops(), inFlight, s.ipsecRxPkts(), s.ipsecRxBytes(), s.ipsecRxDropPkts(), s.ipsecRxDropBytes(),
                    s.ipsecRxNextCryptoDone(), s.ipsecRxSaDeleteReq(), s.rxIndicationsByCryptoStatus(),
                    s.rxNotOffloaded(), saInUse, t.txFrames(), t.txBytes(), t.ipsecTxPkts(), t.ipsecTxBytes(),
                    t.txNblCompletions(), t.nblCompletionsByStatus(), t.nblFailuresByReason(),
                    new StatisticsEmulation(FaultsController.Injected.of(faults)));
        }
    }

    /** Counters beyond NDIS: every fault the emulator injected on purpose ({@code emulation/faults}). */
    record StatisticsEmulation(FaultsController.Injected faultsInjected) {
    }
}
