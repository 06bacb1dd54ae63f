package io.socialsync.responder.media;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.socialsync.responder.credits.CreditsConfig;

/**
 * Works off the media fetch jobs on a few worker threads of its own (downloads block, resizing and PDF parsing are
 * CPU work: none of it may run on the event loop, and none of it sits on ingest's request path or the reply's):
 * download, check, resize, store, then transcribe or read the document. A try that fails for a passing reason is
 * tried again with a doubling backoff; media no retry can read is recorded failed at once. The job's state lives in
 * PostgreSQL under a lease, so a killed replica loses nothing: another claims the job when the lease runs out.
 */
@ApplicationScoped
public class MediaFetcher {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration SWEEP_EVERY = Duration.ofMinutes(1);

    private final MediaFetches fetches;
    private final PlatformMedia platforms;
    private final ImageResizer images;
    private final PdfText pdfs;
    private final Transcriber transcriber;
    private final MediaStore store;
    private final MediaConfig config;
    private final CreditsConfig credits;
    private final MeterRegistry registry;
    private final Clock clock = Clock.systemUTC();
    private final AtomicInteger threads = new AtomicInteger();
    private final AtomicLong lastSweep = new AtomicLong(System.nanoTime());
    private volatile ExecutorService workers;
    private volatile boolean running;

    public MediaFetcher(MediaFetches fetches, PlatformMedia platforms, ImageResizer images, PdfText pdfs,
            Transcriber transcriber, MediaStore store, MediaConfig config, CreditsConfig credits,
            MeterRegistry registry) {
        this.fetches = fetches;
        this.platforms = platforms;
        this.images = images;
        this.pdfs = pdfs;
        this.transcriber = transcriber;
        this.store = store;
        this.config = config;
        this.credits = credits;
        this.registry = registry;
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.fetchEnabled()) {
            return;
        }
        running = true;
        int count = Math.max(1, config.fetchConcurrency());
        workers = Executors.newFixedThreadPool(count, task -> {
            Thread thread = new Thread(task, "media-fetcher-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        workers.submit(images::warmUp);
        for (int i = 0; i < count; i++) {
            workers.submit(this::loop);
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        running = false;
        if (workers != null) {
            workers.shutdownNow();
            try {
                // A job cut short keeps its lease and is taken over when it runs out.
                workers.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void loop() {
        while (running && !Thread.currentThread().isInterrupted()) {
            try {
                List<MediaFetches.Job> jobs = fetches.claim(1, config.lease()).await().atMost(WAIT);
                if (jobs.isEmpty()) {
                    sweepWhenDue();
                    Thread.sleep(config.pollInterval().toMillis());
                    continue;
                }
                jobs.forEach(this::process);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                Log.warnf("media fetcher: %s", e.toString());
                sleepQuietly(config.pollInterval().multipliedBy(10));
            }
        }
    }

    /**
     * An idle fetcher deletes, at most once a minute per replica, S3 objects that no message refers to any more
     * (marked by the V40 trigger when their last job went with retention or erasure).
     */
    private void sweepWhenDue() {
        long now = System.nanoTime();
        long last = lastSweep.get();
        if (store instanceof S3MediaStore s3 && now - last > SWEEP_EVERY.toNanos()
                && lastSweep.compareAndSet(last, now)) {
            int deleted = s3.sweepOrphans(100).await().atMost(WAIT);
            if (deleted > 0) {
                Log.infof("deleted %d media objects no message refers to", deleted);
            }
        }
    }

    /** One job, start to end; package-private for the benchmark and the tests. */
    void process(MediaFetches.Job job) {
        Timer.Sample sample = Timer.start(registry);
        String outcome;
        try {
            understand(job);
            outcome = "ready";
        } catch (UnreadableMediaException e) {
            outcome = "failed";
            Log.infof("media of message %s unreadable: %s", job.messageId(), e.getMessage());
            fetches.failed(job.messageId(), e.getMessage(), false, Duration.ZERO).await().atMost(WAIT);
        } catch (RuntimeException e) {
            boolean retry = job.attempts() < config.maxAttempts();
            outcome = retry ? "retry" : "failed";
            String reason = reason(e);
            Log.warnf("media of message %s, try %d: %s", job.messageId(), job.attempts(), reason);
            Duration backoff = config.retryBackoff().multipliedBy(1L << Math.min(10, job.attempts() - 1));
            fetches.failed(job.messageId(), reason, retry, backoff).await().atMost(WAIT);
        }
        sample.stop(registry.timer("socialsync.media.fetch", "platform", job.platform().wire(), "type", job.type(),
                "outcome", outcome));
    }

    private void understand(MediaFetches.Job job) {
        PlatformMedia.Download download = platforms.fetch(job, limit(job.type()));
        String mimeType = download.mimeType() == null ? "application/octet-stream" : download.mimeType();
        ProcessedMedia media = switch (job.type()) {
            case "image", "sticker" -> images.resize(download.bytes());
            default -> new ProcessedMedia(download.bytes(), mimeType, null, null);
        };
        UUID objectId = store.put(job.tenantId(), media).await().atMost(WAIT).id();
        String transcript = null;
        String text = null;
        Integer duration = null;
        String note = null;
        if ("audio".equals(job.type()) && job.allowsAudio() && transcriber.configured()) {
            Transcriber.Transcript heard = transcriber.transcribe(download.bytes(), mimeType);
            int cost = heard.startedMinutes() * job.creditsPerTranscriptionMinute();
            String period = credits.period().at(clock.instant()).key();
            if (fetches.chargeTranscription(job.messageId(), job.tenantId(), cost, period).await().atMost(WAIT)) {
                transcript = heard.text();
                duration = heard.durationSeconds();
            } else {
                note = "no credits for the transcription";
            }
        }
        if ("document".equals(job.type()) && mimeType.startsWith("application/pdf")) {
            text = pdfs.extract(download.bytes());
        }
        fetches.ready(job.messageId(), objectId, transcript, text, duration, note).await().atMost(WAIT);
    }

    /** Why a try failed, for the job's row and the log: our own words, else the exception's kind (no payloads). */
    private static String reason(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof java.util.concurrent.CompletionException || cause.getClass() == RuntimeException.class)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof PlatformMedia.TransientFailure) {
            return cause.getMessage();
        }
        if (cause instanceof jakarta.ws.rs.WebApplicationException web) {
            return "endpoint answered " + web.getResponse().getStatus();
        }
        if (cause instanceof io.vertx.core.impl.NoStackTraceThrowable
                || cause instanceof io.vertx.pgclient.PgException) {
            // The database's or Vert.x's own words: no message content in them.
            return cause.getClass().getSimpleName() + ": " + cause.getMessage();
        }
        return cause.getClass().getSimpleName();
    }

    private int limit(String type) {
        MediaConfig.Limits limits = config.limits();
        return switch (type) {
            case "image" -> limits.imageBytes();
            case "sticker" -> limits.stickerBytes();
            case "audio" -> limits.audioBytes();
            case "video" -> limits.videoBytes();
            default -> limits.documentBytes();
        };
    }

    private static void sleepQuietly(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
