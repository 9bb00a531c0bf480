package com.offloadnic.nic;

import com.offloadnic.nic.OffloadParameterValues.Checksum;
import com.offloadnic.nic.OffloadParameterValues.IpsecV1;
import com.offloadnic.nic.OffloadParameterValues.IpsecV2;
import com.offloadnic.nic.OffloadParameterValues.LsoV1;
import com.offloadnic.nic.OffloadParameterValues.LsoV2;

/**
 * An OID_TCP_OFFLOAD_PARAMETERS set request (NDIS_OFFLOAD_PARAMETERS). A null member means
 * NDIS_OFFLOAD_PARAMETERS_NO_CHANGE.
 */
public record OffloadParameters(Checksum ipv4Checksum, Checksum tcpIpv4Checksum, Checksum udpIpv4Checksum,
                                Checksum tcpIpv6Checksum, Checksum udpIpv6Checksum, LsoV1 lsoV1, IpsecV1 ipsecV1,
                                LsoV2 lsoV2Ipv4, LsoV2 lsoV2Ipv6, IpsecV2 ipsecV2, IpsecV2 ipsecV2Ipv4) {

    public OffloadParameters {
        ipv4Checksum = orNoChange(ipv4Checksum, Checksum.NDIS_OFFLOAD_PARAMETERS_NO_CHANGE);
        tcpIpv4Checksum = orNoChange(tcpIpv4Checksum, Checksum.NDIS_OFFLOAD_PARAMETERS_NO_CHANGE);
        udpIpv4Checksum = orNoChange(udpIpv4Checksum, Checksum.NDIS_OFFLOAD_PARAMETERS_NO_CHANGE);
        tcpIpv6Checksum = orNoChange(tcpIpv6Checksum, Checksum.NDIS_OFFLOAD_PARAMETERS_NO_CHANGE);
        udpIpv6Checksum = orNoChange(udpIpv6Checksum, Checksum.NDIS_OFFLOAD_PARAMETERS_NO_CHANGE);
        lsoV1 = orNoChange(lsoV1, LsoV1.NDIS_OFFLOAD_PARAMETERS_NO_CHANGE);
        ipsecV1 = orNoChange(ipsecV1, IpsecV1.NDIS_OFFLOAD_PARAMETERS_NO_CHANGE);
        lsoV2Ipv4 = orNoChange(lsoV2Ipv4, LsoV2.NDIS_OFFLOAD_PARAMETERS_NO_CHANGE);
        lsoV2Ipv6 = orNoChange(lsoV2Ipv6, LsoV2.NDIS_OFFLOAD_PARAMETERS_NO_CHANGE);
        ipsecV2 = orNoChange(ipsecV2, IpsecV2.NDIS_OFFLOAD_PARAMETERS_NO_CHANGE);
        ipsecV2Ipv4 = orNoChange(ipsecV2Ipv4, IpsecV2.NDIS_OFFLOAD_PARAMETERS_NO_CHANGE);
    }

    /** A request that changes nothing. */
    public static OffloadParameters noChange() {
        return new OffloadParameters(null, null, null, null, null, null, null, null, null, null, null);
    }

    private static <E> E orNoChange(E value, E noChange) {
        return value == null ? noChange : value;
    }
}
