package com.offloadnic.nic;

/** The values of the NDIS_OFFLOAD_PARAMETERS members, named as NDIS names them. */
public final class OffloadParameterValues {

    private OffloadParameterValues() {
    }

    /** IPv4Checksum, TCPIPv4Checksum, UDPIPv4Checksum, TCPIPv6Checksum, UDPIPv6Checksum. */
    public enum ChecksumParameter {
        NDIS_OFFLOAD_PARAMETERS_NO_CHANGE(false, false),
        NDIS_OFFLOAD_PARAMETERS_TX_RX_DISABLED(false, false),
        NDIS_OFFLOAD_PARAMETERS_TX_ENABLED_RX_DISABLED(true, false),
        NDIS_OFFLOAD_PARAMETERS_RX_ENABLED_TX_DISABLED(false, true),
        NDIS_OFFLOAD_PARAMETERS_TX_RX_ENABLED(true, true);

        private final boolean tx;
        private final boolean rx;

        ChecksumParameter(boolean tx, boolean rx) {
            this.tx = tx;
            this.rx = rx;
        }

        public boolean tx() {
            return tx;
        }

        public boolean rx() {
            return rx;
        }
    }

    /** LsoV1. */
    public enum LsoV1Parameter {
        NDIS_OFFLOAD_PARAMETERS_NO_CHANGE,
        NDIS_OFFLOAD_PARAMETERS_LSOV1_DISABLED,
        NDIS_OFFLOAD_PARAMETERS_LSOV1_ENABLED
    }

    /** LsoV2IPv4, LsoV2IPv6. */
    public enum LsoV2Parameter {
        NDIS_OFFLOAD_PARAMETERS_NO_CHANGE,
        NDIS_OFFLOAD_PARAMETERS_LSOV2_DISABLED,
        NDIS_OFFLOAD_PARAMETERS_LSOV2_ENABLED
    }

    /** IPsecV1. */
    public enum IpsecV1Parameter {
        NDIS_OFFLOAD_PARAMETERS_NO_CHANGE(false, false),
        NDIS_OFFLOAD_PARAMETERS_IPSECV1_DISABLED(false, false),
        NDIS_OFFLOAD_PARAMETERS_IPSECV1_AH_ENABLED(true, false),
        NDIS_OFFLOAD_PARAMETERS_IPSECV1_ESP_ENABLED(false, true),
        NDIS_OFFLOAD_PARAMETERS_IPSECV1_AH_AND_ESP_ENABLED(true, true);

        private final boolean ah;
        private final boolean esp;

        IpsecV1Parameter(boolean ah, boolean esp) {
            this.ah = ah;
            this.esp = esp;
        }

        public boolean ah() {
            return ah;
        }

        public boolean esp() {
            return esp;
        }
    }

    /** IPsecV2, IPsecV2IPv4. */
    public enum IpsecV2Parameter {
        NDIS_OFFLOAD_PARAMETERS_NO_CHANGE(false, false),
        NDIS_OFFLOAD_PARAMETERS_IPSECV2_DISABLED(false, false),
        NDIS_OFFLOAD_PARAMETERS_IPSECV2_AH_ENABLED(true, false),
        NDIS_OFFLOAD_PARAMETERS_IPSECV2_ESP_ENABLED(false, true),
        NDIS_OFFLOAD_PARAMETERS_IPSECV2_AH_AND_ESP_ENABLED(true, true);

        private final boolean ah;
        private final boolean esp;

        IpsecV2Parameter(boolean ah, boolean esp) {
            this.ah = ah;
            this.esp = esp;
        }

        public boolean ah() {
            return ah;
        }

        public boolean esp() {
            return esp;
        }
    }
}
