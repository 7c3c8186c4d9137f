package dev.nudge.event;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Tests for {@link IdHash}: its values are part of the state format, so they are pinned here, as
 * the format's first version computed them.
 */
class IdHashTest {
    @Test
    void hashesIdsToTheValuesKeptInState() {
        assertThat(IdHash.of("")).isEqualTo(0xefd01f60ba992926L);
        assertThat(IdHash.of("e1")).isEqualTo(0x50295bda7c69a087L);
        assertThat(IdHash.of("u596")).isEqualTo(0x99fa81b055aac0c3L);
        assertThat(IdHash.of("taobao-12")).isEqualTo(0x29db3dbdc821f285L);
        assertThat(IdHash.of("用户-7")).isEqualTo(0xc0b5d26151ec426dL);
        assertThat(IdHash.of("\uD83D\uDE00")).isEqualTo(0x5f6398e188038c1dL);
    }

    @Test
    void anIdIsItsCharactersAddedOneByOneThenFinished() {
        long running = IdHash.START;
        for (char c : "u596".toCharArray()) {
            running = IdHash.next(running, c);
        }

        assertThat(IdHash.finish(running)).isEqualTo(IdHash.of("u596"));
    }
}
