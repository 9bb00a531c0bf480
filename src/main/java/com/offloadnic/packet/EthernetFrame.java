package com.offloadnic.packet;

import java.util.List;

/**
 * An Ethernet II frame's layout: MAC addresses, 802.1Q / 802.1ad (QinQ) tags, EtherType and the offset of the
 * network-layer header. Offsets are absolute indices into the buffer passed to {@link #parse}.
 *
 * <pre>
 *  0                   6                   12      14
 * +-------------------+-------------------+-------+----------------
 * | destination MAC   | source MAC        | TPID  | TCI | ... | EtherType | payload
 * +-------------------+-------------------+-------+----------------
 *                                           (0..4 tags of 4 bytes: TPID 0x8100 / 0x88A8 / 0x9100 + TCI)
 * </pre>
 *
 * @param offset            first byte of the frame
 * @param length            frame length in bytes
 * @param destinationOffset offset of the 6-byte destination MAC
 * @param sourceOffset      offset of the 6-byte source MAC
 * @param vlanTags          outermost first
 * @param etherType         the EtherType after the tags
 * @param etherTypeOffset   offset of that EtherType field
 * @param l3Offset          first byte after the EtherType
 */
public record EthernetFrame(int offset, int length, int destinationOffset, int sourceOffset,
        List<VlanTag> vlanTags, int etherType, int etherTypeOffset, int l3Offset) {

    public static final int DESTINATION = 0;
    public static final int SOURCE = 6;
    public static final int ETHER_TYPE = 12;
    public static final int HEADER_LENGTH = 14;
    public static final int MAC_LENGTH = 6;
    public static final int VLAN_TAG_LENGTH = 4;
    public static final int MAX_VLAN_TAGS = 4;

    public static final int ETHERTYPE_IPV4 = 0x0800;
    public static final int ETHERTYPE_IPV6 = 0x86DD;
    public static final int ETHERTYPE_ARP = 0x0806;
    public static final int TPID_8021Q = 0x8100;
    public static final int TPID_8021AD = 0x88A8;
    /** Pre-standard QinQ outer tag still seen in the field. */
    public static final int TPID_QINQ_LEGACY = 0x9100;

    public EthernetFrame {
        vlanTags = List.copyOf(vlanTags);
    }

    /** One VLAN tag: its TPID, the 16-bit TCI, and where the tag starts. */
    public record VlanTag(int tpid, int tci, int offset) {
        public int priority() {
            return tci >>> 13;
        }

        public boolean dropEligible() {
            return (tci & 0x1000) != 0;
        }

        public int vlanId() {
            return tci & 0x0FFF;
        }
    }

    /** Parses the Ethernet II header of {@code buf[off, off+len)}. */
    public static EthernetFrame parse(byte[] buf, int off, int len) {
        PacketFormatException.require("Ethernet frame", buf, off, len, HEADER_LENGTH);
        int end = off + len;
        int typeOffset = off + ETHER_TYPE;
        int type = BigEndian.getU16(buf, typeOffset);
        List<VlanTag> tags = List.of();
        while (isTpid(type)) {
            if (tags.size() == MAX_VLAN_TAGS) {
                throw new PacketFormatException("Ethernet frame has more than " + MAX_VLAN_TAGS + " VLAN tags");
            }
            if (end - typeOffset < 2 + VLAN_TAG_LENGTH) {
                throw PacketFormatException.tooShort("Ethernet frame with " + (tags.size() + 1) + " VLAN tag(s)",
                        len, typeOffset - off + 2 + VLAN_TAG_LENGTH);
            }
            if (tags.isEmpty()) {
                tags = new java.util.ArrayList<>(2);
            }
            tags.add(new VlanTag(type, BigEndian.getU16(buf, typeOffset + 2), typeOffset));
            typeOffset += VLAN_TAG_LENGTH;
            type = BigEndian.getU16(buf, typeOffset);
        }
        if (type < 0x0600) {
            throw new PacketFormatException(String.format(
                    "Ethernet frame carries an 802.3 length field 0x%04x where an EtherType was expected"
                            + " (only Ethernet II is supported)", type));
        }
        return new EthernetFrame(off, len, off + DESTINATION, off + SOURCE, tags, type, typeOffset,
                typeOffset + 2);
    }

    private static boolean isTpid(int type) {
        return type == TPID_8021Q || type == TPID_8021AD || type == TPID_QINQ_LEGACY;
    }

    /** Bytes from {@link #l3Offset} to the end of the frame. */
    public int l3Length() {
        return offset + length - l3Offset;
    }

    /** Length of the link-layer header, tags included. */
    public int headerLength() {
        return l3Offset - offset;
    }
}
