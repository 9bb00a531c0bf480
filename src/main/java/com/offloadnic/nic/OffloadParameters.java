package com.offloadnic.nic;

import com.offloadnic.nic.OffloadParameterValues.ChecksumParameter;
import com.offloadnic.nic.OffloadParameterValues.IpsecV1Parameter;
import com.offloadnic.nic.OffloadParameterValues.IpsecV2Parameter;
import com.offloadnic.nic.OffloadParameterValues.LsoV1Parameter;
import com.offloadnic.nic.OffloadParameterValues.LsoV2Parameter;

/**
 * An OID_TCP_OFFLOAD_PARAMETERS set request (NDIS_OFFLOAD_PARAMETERS). A null member means
 * NDIS_OFFLOAD_PARAMETERS_NO_CHANGE.
 */
public record OffloadParameters(ChecksumParameter ipv4Checksum, ChecksumParameter tcpIpv4Checksum, ChecksumParameter udpIpv4Checksum,
                                ChecksumParameter tcpIpv6Checksum, ChecksumParameter udpIpv6Checksum, LsoV1Parameter lsoV1, IpsecV1Parameter ipsecV1,
                                LsoV2Parameter lsoV2Ipv4, LsoV2Parameter lsoV2Ipv6, IpsecV2Parameter ipsecV2, IpsecV2Parameter ipsecV2Ipv4) {

    public OffloadParameters {
        ipv4Checksum = orNoChange(ipv4Checksum, ChecksumParameter.NDIS_OFFLOAD_PARAMETERS_NO_CHANGE);
        tcpIpv4Checksum = orNoChange(tcpIpv4Checksum, ChecksumParameter.NDIS_OFFLOAD_PARAMETERS_NO_CHANGE);
        udpIpv4Checksum = orNoChange(udpIpv4Checksum, ChecksumParameter.NDIS_OFFLOAD_PARAMETERS_NO_CHANGE);
        tcpIpv6Checksum = orNoChange(tcpIpv6Checksum, ChecksumParameter.NDIS_OFFLOAD_PARAMETERS_NO_CHANGE);
        udpIpv6Checksum = orNoChange(udpIpv6Checksum, ChecksumParameter.NDIS_OFFLOAD_PARAMETERS_NO_CHANGE);
        lsoV1 = orNoChange(lsoV1, LsoV1Parameter.NDIS_OFFLOAD_PARAMETERS_NO_CHANGE);
        ipsecV1 = orNoChange(ipsecV1, IpsecV1Parameter.NDIS_OFFLOAD_PARAMETERS_NO_CHANGE);
        lsoV2Ipv4 = orNoChange(lsoV2Ipv4, LsoV2Parameter.NDIS_OFFLOAD_PARAMETERS_NO_CHANGE);
        lsoV2Ipv6 = orNoChange(lsoV2Ipv6, LsoV2Parameter.NDIS_OFFLOAD_PARAMETERS_NO_CHANGE);
        ipsecV2 = orNoChange(ipsecV2, IpsecV2Parameter.NDIS_OFFLOAD_PARAMETERS_NO_CHANGE);
        ipsecV2Ipv4 = orNoChange(ipsecV2Ipv4, IpsecV2Parameter.NDIS_OFFLOAD_PARAMETERS_NO_CHANGE);
    }

    /** A request that changes nothing. */
    public static OffloadParameters noChange() {
        return new OffloadParameters(null, null, null, null, null, null, null, null, null, null, null);
    }

    private static <E> E orNoChange(E value, E noChange) {
        return value == null ? noChange : value;
    }
}
