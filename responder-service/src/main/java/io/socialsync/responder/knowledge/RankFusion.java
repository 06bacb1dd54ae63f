package io.socialsync.responder.knowledge;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reciprocal rank fusion (Cormack et al., 2009): an item's score is the sum over the rankings that contain it of
 * {@code 1 / (k + rank)}, rank starting at 1. It needs no score normalisation, so a full-text rank and a cosine
 * distance can be combined as they are. Ties keep the order of first appearance (the earlier ranking wins).
 */
public final class RankFusion {

    private RankFusion() {
    }

    public static <T> List<T> fuse(List<List<T>> rankings, int k, int limit) {
        if (k < 1 || limit < 0) {
            throw new IllegalArgumentException("k must be positive and limit not negative");
        }
        Map<T, Double> scores = new LinkedHashMap<>();
        for (List<T> ranking : rankings) {
            for (int i = 0; i < ranking.size(); i++) {
                // An item listed twice in one ranking counts at its best rank only.
                if (ranking.subList(0, i).contains(ranking.get(i))) {
                    continue;
                }
                scores.merge(ranking.get(i), 1.0 / (k + i + 1), Double::sum);
            }
        }
        List<Map.Entry<T, Double>> entries = new ArrayList<>(scores.entrySet());
        // List.sort is stable: equal scores keep their first-appearance order.
        entries.sort(Map.Entry.<T, Double>comparingByValue(Comparator.reverseOrder()));
        return entries.stream().limit(limit).map(Map.Entry::getKey).toList();
    }
}
