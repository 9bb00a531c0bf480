package com.offloadnic.ipsec;

import org.junit.jupiter.api.Test;

import java.util.List;

import static com.offloadnic.ipsec.SaFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SequenceStateTest {

    private final SaTable table = new SaTable(1);

    private static long seq(long high, long low) {
        return (high << 32) | low;
    }

    private SaEntry add(SaParameters p) {
        SaOidResult r = table.addSa(List.of(addSa(p)), full());
        return table.get(r.outcomes().getFirst().offloadHandle());
    }

    private void update(SaEntry e, int high) {
        SecAssoc sa = e.secAssoc(0);
        assertThat(table.updateSa(List.of(new UpdateSa(e.offloadHandle(), sa.operation(), sa.spi(), high))).status())
                .isEqualTo(NdisStatus.SUCCESS);
    }

    // ---- receive

    @Test
    void inbound_firstPacketAfterAddSa_usesTheGivenHighBitsExactly() {
        SequenceState s = add(inbound(withEsn(espGcm(1), 5))).sequence(0);
        // Inference from "nothing seen" would not give 5; the rule says: exactly as given.
        assertThat(s.inferInbound(0xFFFF_FFF0)).isEqualTo(seq(5, 0xFFFF_FFF0L));
        assertThat(s.inferInbound(3)).isEqualTo(seq(5, 3));
    }

    @Test
    void inbound_afterFirstAuthenticatedPacket_infersAcrossTheWrap() {
        SequenceState s = add(inbound(withEsn(espGcm(1), 5))).sequence(0);
        s.acceptAuthenticated(s.inferInbound(0xFFFF_FFF0));
        assertThat(s.inferInbound(3)).as("forward wrap").isEqualTo(seq(6, 3));
        s.acceptAuthenticated(seq(6, 3));
        assertThat(s.inferInbound(0xFFFF_FFF8)).as("late packet from the previous epoch").isEqualTo(seq(5, 0xFFFF_FFF8L));
        assertThat(s.view()).isEqualTo(new SequenceStateView(true, seq(6, 3), 6, false));
    }

    @Test
    void inbound_inferenceAlone_changesNoState() {
        SequenceState s = add(inbound(withEsn(espGcm(1), 5))).sequence(0);
        s.inferInbound(7);
        s.inferInbound(0xFFFF_FFF0);
        assertThat(s.view()).isEqualTo(new SequenceStateView(true, 0, 5, true));
    }

    @Test
    void inbound_firstPacketAfterUpdateSa_usesTheNewHighBitsExactly_untilOneAuthenticates() {
        SaEntry e = add(inbound(withEsn(espGcm(1), 5)));
        SequenceState s = e.sequence(0);
        s.acceptAuthenticated(seq(5, 0x10));
        update(e, 9);

        assertThat(s.inferInbound(0x20)).isEqualTo(seq(9, 0x20));
        // that packet failed its ICV check (no accept): the next still uses 9 exactly
        assertThat(s.inferInbound(0xFFFF_0000)).isEqualTo(seq(9, 0xFFFF_0000L));
        s.acceptAuthenticated(seq(9, 0x20));
        assertThat(s.inferInbound(0xFFFF_0000)).as("now inferred from 9:0x20").isEqualTo(seq(8, 0xFFFF_0000L));
        assertThat(s.inferInbound(0x21)).isEqualTo(seq(9, 0x21));
    }

    @Test
    void inbound_updateSaToLowerHighBits_resetsTheHighestNumber() {
        SaEntry e = add(inbound(withEsn(espGcm(1), 5)));
        SequenceState s = e.sequence(0);
        s.acceptAuthenticated(seq(5, 0x10));
        update(e, 2);
        s.acceptAuthenticated(s.inferInbound(0x30));
        assertThat(s.view().highestSequenceNumber()).isEqualTo(seq(2, 0x30));
        assertThat(s.inferInbound(0x31)).isEqualTo(seq(2, 0x31));
    }

    @Test
    void inbound_nonEsn_isTheLow32Bits() {
        SequenceState s = add(inbound(espGcm(1))).sequence(0);
        assertThat(s.inferInbound(0xFFFF_FFFF)).isEqualTo(0xFFFF_FFFFL);
        s.acceptAuthenticated(0xFFFF_FFFFL);
        assertThat(s.inferInbound(1)).isEqualTo(1);
    }

    // ---- send

    @Test
    void outbound_nonEsn_returnsTheNumber_andCountsSegments() throws Exception {
        SequenceState s = add(outbound(espGcm(1))).sequence(0);
        assertThat(s.nextOutbound(1, 1)).isEqualTo(1);
        assertThat(s.nextOutbound(2, 10)).isEqualTo(2);
        assertThat(s.view().highestSequenceNumber()).isEqualTo(11);
    }

    @Test
    void outbound_nonEsn_neverCycles() throws Exception {
        SequenceState s = add(outbound(espGcm(1))).sequence(0);
        assertThatThrownBy(() -> s.nextOutbound(0, 1)).isInstanceOf(SequenceNumberExhaustedException.class)
                .hasMessageContaining("cycled");
        assertThatThrownBy(() -> s.nextOutbound(0xFFFF_FFFE, 3)).isInstanceOf(SequenceNumberExhaustedException.class)
                .hasMessageContaining("passes 2^32 - 1");
        assertThat(s.nextOutbound(0xFFFF_FFFE, 2)).isEqualTo(0xFFFF_FFFEL);
        assertThatThrownBy(() -> s.nextOutbound(1, 1)).isInstanceOf(SequenceNumberExhaustedException.class)
                .hasMessageContaining("must not cycle");
    }

    @Test
    void outbound_nonEsn_nearWrap_raisesSaDeleteReq() throws Exception {
        SaEntry e = add(outbound(espGcm(1)));
        e.sequence(0).nextOutbound(0xFFF0_0000, 1);
        assertThat(e.saDeleteReq()).isTrue();
    }

    @Test
    void outbound_esn_firstUsesGivenHighBits_thenFollowsTheWrap_alsoWithinOneLargeSend() throws Exception {
        SequenceState s = add(outbound(withEsn(espGcm(1), 4))).sequence(0);
        assertThat(s.nextOutbound(0xFFFF_FFFE, 4)).isEqualTo(seq(4, 0xFFFF_FFFEL));   // segments 4:fffffffe .. 5:1
        assertThat(s.view().highestSequenceNumber()).isEqualTo(seq(5, 1));
        assertThat(s.nextOutbound(2, 1)).isEqualTo(seq(5, 2));
        assertThat(s.nextOutbound(0, 1)).as("low 0 is fine with ESN").isEqualTo(seq(5, 0));
    }

    @Test
    void outbound_esn_updateSaSetsTheHighBitsOfTheNextSend() throws Exception {
        SaEntry e = add(outbound(withEsn(espGcm(1), 0)));
        SequenceState s = e.sequence(0);
        assertThat(s.nextOutbound(1, 1)).isEqualTo(1);
        update(e, 7);
        assertThat(s.nextOutbound(2, 1)).isEqualTo(seq(7, 2));
        assertThat(s.nextOutbound(3, 1)).isEqualTo(seq(7, 3));
    }

    @Test
    void outbound_esn_zeroAndThe64BitEnd_areRefused() throws Exception {
        SequenceState zero = add(outbound(withEsn(espGcm(1), 0))).sequence(0);
        assertThatThrownBy(() -> zero.nextOutbound(0, 1)).isInstanceOf(SequenceNumberExhaustedException.class);

        SequenceState end = add(outbound(withEsn(espGcm(2), 0xFFFF_FFFF))).sequence(0);
        assertThatThrownBy(() -> end.nextOutbound(0xFFFF_FFFF, 2)).isInstanceOf(SequenceNumberExhaustedException.class)
                .hasMessageContaining("cycle the 64-bit");
        assertThat(end.nextOutbound(0xFFFF_FFFF, 1)).isEqualTo(-1L);
        assertThatThrownBy(() -> end.nextOutbound(0xFFFF_FFFF, 1)).isInstanceOf(SequenceNumberExhaustedException.class);
    }

    @Test
    void outbound_countBelowOne_isAProgrammingError() {
        SequenceState s = add(outbound(espGcm(1))).sequence(0);
        assertThatThrownBy(() -> s.nextOutbound(1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
