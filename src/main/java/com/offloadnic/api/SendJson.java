package com.offloadnic.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigInteger;
import java.util.List;

/** JSON shapes of the send path: NET_BUFFER_LISTs with their out-of-band info, completions, the capture. */
final class SendJson {

    private SendJson() {
    }

    record NetBuffer(String data) {
    }

    /** {@code NDIS_IPSEC_OFFLOAD_V2_NET_BUFFER_LIST_INFO}. */
    record IpsecOffloadV2(String offloadHandle) {
    }

    /** {@code NDIS_IPSEC_OFFLOAD_V2_TUNNEL_NET_BUFFER_LIST_INFO}. */
    record IpsecOffloadV2Tunnel(String tunnelHandle) {
    }

    /** {@code NDIS_IPSEC_OFFLOAD_V2_HEADER_NET_BUFFER_LIST_INFO.Transmit}; offsets in units of 4 bytes. */
    record IpsecOffloadV2Header(Long nextHeader, Long padLength, Long ahHeaderOffset, Long espHeaderOffset) {
    }

    /** {@code NDIS_TCP_IP_CHECKSUM_NET_BUFFER_LIST_INFO.Transmit}, the part this send path offers. */
    record TcpIpChecksum(Boolean ipHeaderChecksum) {
    }

    /** {@code NDIS_TCP_LARGE_SEND_OFFLOAD_NET_BUFFER_LIST_INFO.Transmit}; tcpHeaderOffset from the frame start. */
    record TcpLargeSendOffload(String type, Long mss, Long tcpHeaderOffset, Long ipVersion) {
    }

    record NetBufferList(List<NetBuffer> netBuffers, IpsecOffloadV2 ipsecOffloadV2,
            IpsecOffloadV2Tunnel ipsecOffloadV2Tunnel, IpsecOffloadV2Header ipsecOffloadV2Header,
            TcpLargeSendOffload tcpLargeSendOffload, TcpIpChecksum tcpIpChecksum) {
    }

    /** LSO completion info: the type kept; LSOv1 reports the TCP user-data bytes sent. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record LsoCompletion(String type, Long tcpPayload) {
    }

    record SendRequest(List<NetBufferList> netBufferLists, Boolean returnFrames) {
    }

    /** One transmitted frame: the sequence numbers and IV the NIC used, and the frame when asked for. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Transmitted(BigInteger espSequenceNumber, BigInteger ahSequenceNumber, String iv,
            BigInteger tunnelEspSequenceNumber, BigInteger tunnelAhSequenceNumber, String tunnelIv, String data) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Completion(String status, String reason, String detail, List<Transmitted> transmitted,
            LsoCompletion tcpLargeSendOffload) {
    }

    record SendResponse(List<Completion> completions) {
    }

    record CaptureInfo(int capacity, int frames, long captured, long overwritten) {
    }

    record CaptureSettings(Integer capacity) {
    }
}
