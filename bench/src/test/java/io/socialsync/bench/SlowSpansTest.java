package io.socialsync.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The benchmark's account of when slow answers happened: slices of due time, runs of them. */
class SlowSpansTest {

    @Test
    void adjacentSlowSlicesAreOneEpisodeAndTheLongestRunIsKept() {
        boolean[] slices = {false, true, true, true, false, false, true, false, true, true};

        RawHttpLoad.SlowSpans spans = RawHttpLoad.SlowSpans.of(slices);

        assertEquals(60, spans.millis(), "six slow slices of 10 ms");
        assertEquals(3, spans.episodes());
        assertEquals(30, spans.longestMillis());
    }

    @Test
    void aStepWithoutSlowAnswersHasNoEpisode() {
        RawHttpLoad.SlowSpans spans = RawHttpLoad.SlowSpans.of(new boolean[800]);

        assertEquals(new RawHttpLoad.SlowSpans(0, 0, 0), spans);
    }
}
