package dev.aftermath.process;

import java.util.stream.Collectors;

import jakarta.annotation.PostConstruct;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;

import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.springframework.stereotype.Component;

/**
 * A form rule broken in a listener ({@link RejectedInputException}) is the user's input, not the system's fault: the
 * engine would log it at ERROR with the whole stack ({@code ENGINE-16004 Exception while closing command context});
 * here it is one INFO line naming the fields instead. Every other error is logged as before.
 */
@Component
public class RejectedInputLogging {

    static final String NAME = "aftermath-rejected-input";
    private static final org.slf4j.Logger LOG = LoggerFactory.getLogger(RejectedInputLogging.class);

    @PostConstruct
    public void install() {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (factory instanceof LoggerContext context
                && context.getTurboFilterList().stream().noneMatch(f -> NAME.equals(f.getName()))) {
            OneLine filter = new OneLine();
            filter.setName(NAME);
            filter.start();
            context.addTurboFilter(filter);
        }
    }

    /** Denies an ERROR or WARN event whose exception is a rejected input, logging one INFO line for it. */
    static final class OneLine extends TurboFilter {
        @Override
        public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params,
                                  Throwable t) {
            if (level == null || !level.isGreaterOrEqual(Level.WARN) || logger.getName().equals(LOG.getName())) {
                return FilterReply.NEUTRAL;
            }
            RejectedInputException rejected = rejected(t);
            if (rejected == null && params != null) {
                for (Object p : params) {
                    rejected = p instanceof Throwable pt ? rejected(pt) : null;
                    if (rejected != null) {
                        break;
                    }
                }
            }
            if (rejected == null) {
                return FilterReply.NEUTRAL;
            }
            LOG.info("Form input refused: {}", rejected.errors().stream()
                    .map(e -> e.field() + " " + e.message()).collect(Collectors.joining("; "))
                    .replaceAll("[\\r\\n\\p{Cntrl}]", " "));
            return FilterReply.DENY;
        }

        private static RejectedInputException rejected(Throwable t) {
            for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
                if (c instanceof RejectedInputException r) {
                    return r;
                }
            }
            return null;
        }
    }
}
