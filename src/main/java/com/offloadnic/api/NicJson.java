package com.offloadnic.api;

import com.offloadnic.nic.IndicationRing;
import com.offloadnic.nic.Nic;
import com.offloadnic.nic.OffloadParameterValues.ChecksumParameter;
import com.offloadnic.nic.OffloadParameterValues.IpsecV1Parameter;
import com.offloadnic.nic.OffloadParameterValues.IpsecV2Parameter;
import com.offloadnic.nic.OffloadParameterValues.LsoV1Parameter;
import com.offloadnic.nic.OffloadParameterValues.LsoV2Parameter;
import com.offloadnic.nic.OffloadParameters;
import com.offloadnic.nic.StatusIndication;
import jakarta.validation.constraints.NotNull;

import java.time.Instant;
import java.util.List;

/** JSON of the NIC API. */
final class NicJson {

    private NicJson() {
    }

    record CreateNicRequest(String name, @NotNull String ndisVersion, NdisOffloadJson.Offload capabilities, Integer mtu,
                            String macAddress) {
    }

    record NicResponse(String nicId, String name, String ndisVersion, int ipsecOffloadVersion, int mtu,
                       String macAddress, Instant createdAt) {

        static NicResponse of(Nic nic) {
            return new NicResponse(nic.nicId(), nic.name(), nic.ndisVersion().label(),
                    nic.ndisVersion().ipsecOffloadVersion(), nic.mtu(), nic.macAddress().toString(), nic.createdAt());
        }
    }

    record NicList(List<NicResponse> nics) {
    }

    /** NDIS_OFFLOAD_PARAMETERS; a member left out is NDIS_OFFLOAD_PARAMETERS_NO_CHANGE. */
    record OffloadParametersRequest(ChecksumParameter ipv4Checksum, ChecksumParameter tcpIpv4Checksum, ChecksumParameter udpIpv4Checksum,
                                    ChecksumParameter tcpIpv6Checksum, ChecksumParameter udpIpv6Checksum, LsoV1Parameter lsoV1, IpsecV1Parameter ipsecV1,
                                    LsoV2Parameter lsoV2Ipv4, LsoV2Parameter lsoV2Ipv6, IpsecV2Parameter ipsecV2, IpsecV2Parameter ipsecV2Ipv4) {

        OffloadParameters toDomain() {
            return new OffloadParameters(ipv4Checksum, tcpIpv4Checksum, udpIpv4Checksum, tcpIpv6Checksum,
                    udpIpv6Checksum, lsoV1, ipsecV1, lsoV2Ipv4, lsoV2Ipv6, ipsecV2, ipsecV2Ipv4);
        }
    }

    /** The OID request's completion: NDIS_STATUS_SUCCESS and the current configuration it produced. */
    record OidSetResponse(String status, NdisOffloadJson.Offload currentConfig) {
    }

    record StatusIndicationJson(long sequence, String statusCode, Instant timestamp,
                                NdisOffloadJson.Offload statusBuffer) {

        static StatusIndicationJson of(IndicationRing.Entry<StatusIndication> e) {
            return switch (e.value()) {
                case StatusIndication.TaskOffloadCurrentConfig c -> new StatusIndicationJson(e.sequence(),
                        c.statusCode(), c.timestamp(), NdisOffloadMapper.toJson(c.currentConfig()));
            };
        }
    }

    /**
     * @param nextCursor the cursor to send with the next poll; entries up to it are released then
     * @param dropped    indications dropped because the ring was full, since the NIC was created
     */
    record StatusIndicationPoll(List<StatusIndicationJson> indications, long nextCursor, long dropped) {
    }
}
