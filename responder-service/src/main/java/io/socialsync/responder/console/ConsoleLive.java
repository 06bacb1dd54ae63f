package io.socialsync.responder.console;

import java.time.Duration;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Live updates for an open page: its fingerprint is read from PostgreSQL every {@code socialsync.console.live-poll}
 * and an event goes out when it changed (and once at the start, so a change between the page's render and the
 * stream's first poll is not missed). The stream stops when the browser closes it.
 */
@ApplicationScoped
public class ConsoleLive {

    private final Duration poll;

    public ConsoleLive(ConsoleConfig config) {
        this.poll = config.livePoll();
    }

    public Multi<String> changes(Supplier<Uni<String>> fingerprint) {
        return Multi.createFrom().ticks().every(poll).onOverflow().drop()
                .onItem().transformToUniAndConcatenate(tick -> fingerprint.get())
                .skip().repetitions()
                .map(changed -> "changed");
    }
}
