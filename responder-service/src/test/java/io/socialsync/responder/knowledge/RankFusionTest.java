package io.socialsync.responder.knowledge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

class RankFusionTest {

    @Test
    void itemsFoundByBothRankingsComeFirst() {
        // "c" is third by words and first by meaning: 1/63 + 1/61 beats "a" (1/61 alone) and "x" (1/62 alone).
        List<String> byWords = List.of("a", "b", "c");
        List<String> byMeaning = List.of("c", "x", "y");
        assertEquals(List.of("c", "a", "b", "x", "y"), RankFusion.fuse(List.of(byWords, byMeaning), 60, 10));
    }

    @Test
    void theScoreIsTheSumOfReciprocalRanks() {
        // k = 1: "b" = 1/3 + 1/2 = 0.83; "a" = 1/2 + 1/4 = 0.75; "d" = 1/3; "c" = 1/4.
        List<String> first = List.of("a", "b", "c");
        List<String> second = List.of("b", "d", "a");
        assertEquals(List.of("b", "a", "d", "c"), RankFusion.fuse(List.of(first, second), 1, 10));
    }

    @Test
    void equalScoresKeepTheFirstRankingsOrderAndTheLimitCuts() {
        assertEquals(List.of("a", "x"), RankFusion.fuse(List.of(List.of("a", "b"), List.of("x", "y")), 60, 2));
    }

    @Test
    void oneRankingAloneKeepsItsOrder() {
        assertEquals(List.of(3, 1, 2), RankFusion.fuse(List.of(List.of(3, 1, 2), List.of()), 60, 5));
        assertEquals(List.of(), RankFusion.fuse(List.<List<Integer>>of(), 60, 5));
    }

    @Test
    void aDuplicateInOneRankingCountsOnceAtItsBestRank() {
        // With the rule "a" and "b" tie (1/61 + 1/62) and "b" came first; without it "a" would add 1/63 and lead.
        List<String> first = List.of("b", "a", "a");
        List<String> second = List.of("a", "b");
        assertEquals(List.of("b", "a"), RankFusion.fuse(List.of(first, second), 60, 5));
    }

    @Test
    void nonsenseParametersAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> RankFusion.fuse(List.of(List.of("a")), 0, 1));
    }
}
