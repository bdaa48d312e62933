package io.tandem.app.ops;

import java.time.Duration;
import java.util.List;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Rebuilds read models from the event store at startup ({@code TANDEM_REPLAY=task-list,workspaces}, say): each named
 * processor is stopped, its tokens are reset (its reset handlers empty its tables), and it is started again, so it
 * replays every event and then goes on with live ones. The instance serves requests meanwhile; reads of those read
 * models show the rebuild in progress until the processor is past the point where it was reset.
 *
 * <p>Only one replica may do it: the token store refuses to reset a segment another node has claimed, and the
 * startup then fails with that error. A name that is not a streaming processor fails startup too, listing the names.
 * The search index has its own rebuild ({@code TANDEM_SEARCH_REBUILD}), which keeps answering from the old index.
 */
@Component
class ProjectionReplay implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(ProjectionReplay.class);
    private static final Duration CLAIM_WAIT = Duration.ofSeconds(15);

    private final EventProcessingConfiguration processing;
    private final List<String> names;

    ProjectionReplay(EventProcessingConfiguration processing, @Value("${tandem.replay:}") List<String> names) {
        this.processing = processing;
        this.names = names.stream().map(String::trim).filter(name -> !name.isEmpty()).distinct().toList();
    }

    @Override
    public void run(ApplicationArguments args) {
        List<StreamingEventProcessor> processors = names.stream().map(this::processor).toList();
        for (StreamingEventProcessor processor : processors) {
            log.info("Replaying the event store into processor {}", processor.getName());
            awaitSegmentsClaimed(processor);
            processor.shutDown();
            processor.resetTokens();
            processor.start();
        }
    }

    /**
     * Lets a processor that is still claiming its segments (it has just started, with the application) get them all
     * before it is shut down: a tracking processor shut down while it hands out its segments loses track of one of its
     * threads. This narrows that window (a segment shows as claimed a moment before its worker runs); the spare thread
     * the tracking processors are given (application.yml) covers what is left. Bounded, since another replica may
     * hold segments (the reset then refuses, as it should).
     */
    private static void awaitSegmentsClaimed(StreamingEventProcessor processor) {
        long deadline = System.nanoTime() + CLAIM_WAIT.toNanos();
        while (System.nanoTime() < deadline && processor.processingStatus().values().stream()
                .mapToDouble(status -> 1.0 / (status.getSegment().getMask() + 1)).sum() < 0.999) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private StreamingEventProcessor processor(String name) {
        StreamingEventProcessor processor = processing.eventProcessor(name, StreamingEventProcessor.class)
                .orElseThrow(() -> new IllegalArgumentException("TANDEM_REPLAY names no event processor '" + name
                        + "'; the processors are " + processing.eventProcessors().keySet()));
        if (!processor.supportsReset()) {
            throw new IllegalArgumentException("Event processor '" + name + "' cannot be replayed");
        }
        return processor;
    }
}
