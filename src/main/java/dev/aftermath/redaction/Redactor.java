package dev.aftermath.redaction;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import dev.aftermath.process.SystemCalls;

/**
 * Redaction for the public post-mortem (seed 002's list): people's names and user ids, e-mail addresses and
 * {@code @handles}, host names under the internal domains ({@code aftermath.redaction.internal-domains}), IP
 * addresses and money figures are replaced by neutral placeholders.
 */
@Component
public class Redactor {

    public static final String PERSON = "[person]";
    public static final String EMAIL = "[e-mail]";
    public static final String HOST = "[internal host]";
    public static final String IP = "[IP address]";
    public static final String MONEY = "[amount]";

    private static final Pattern EMAIL_PATTERN = Pattern.compile("[\\p{L}\\p{N}._%+'-]+@[\\p{L}\\p{N}-]+(?:\\.[\\p{L}\\p{N}-]+)+");
    private static final Pattern HANDLE = Pattern.compile("(?<![\\p{L}\\p{N}.])@[\\p{L}\\p{N}._-]+");
    private static final Pattern IPV4 = Pattern.compile("(?<![\\d.])(?:(?:25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.){3}(?:25[0-5]|2[0-4]\\d|1?\\d?\\d)(?:/\\d{1,2})?(?::\\d{1,5})?(?![\\d.]*\\d)");
    private static final Pattern IPV6 = Pattern.compile("(?<![\\p{Alnum}:])(?:(?:[0-9A-Fa-f]{1,4}:){3,7}[0-9A-Fa-f]{1,4}|(?:[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{1,4})*)?::(?:[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{1,4})*)?)(?:/\\d{1,3})?(?![\\p{Alnum}:])");
    private static final Pattern MONEY_PATTERN = Pattern.compile(
            "(?:(?:US|CA|AU|NZ)?[$€£¥₹]|\\b(?:USD|EUR|GBP|CHF|JPY|CAD|AUD)\\s?)\\s?\\d[\\d,.  ]*(?:\\s?(?:k|m|bn|thousand|million|billion)\\b)?"
            + "|\\b\\d[\\d,.]*\\s?(?:k|m|bn|thousand|million|billion)?\\s?(?:dollars?|euros?|pounds?|USD|EUR|GBP|CHF)\\b",
            Pattern.CASE_INSENSITIVE);

    private final IdentityService identityService;
    private final SystemCalls system;
    private final List<String> internalDomains;

    public Redactor(IdentityService identityService, SystemCalls system,
                    @Value("${aftermath.redaction.internal-domains:corp.internal,svc.cluster.local}") List<String> internalDomains) {
        this.identityService = identityService;
        this.system = system;
        this.internalDomains = internalDomains.stream().map(String::trim).filter(d -> !d.isEmpty())
                .map(d -> d.startsWith(".") ? d.substring(1) : d).toList();
    }

    /** A redaction that also knows the given names (user ids and names mentioned in one document). */
    public UnaryOperator<String> forNames(Collection<String> extraNames) {
        Set<String> names = new LinkedHashSet<>();
        // every user, whoever asks for the public version (the caller's grants do not cover reading other users)
        for (User u : system.call(() -> identityService.createUserQuery().list())) {
            add(names, u.getId());
            add(names, u.getFirstName());
            if (u.getFirstName() != null && u.getLastName() != null) {
                add(names, u.getFirstName() + " " + u.getLastName());
            }
            add(names, u.getEmail());
        }
        extraNames.forEach(n -> add(names, n));
        List<Pattern> namePatterns = names.stream().sorted(Comparator.comparingInt(String::length).reversed())
                .map(n -> Pattern.compile("(?<![\\p{L}\\p{N}_@.\\[-])" + Pattern.quote(n) + "(?![\\p{L}\\p{N}_])",
                        Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE))
                .toList();
        List<Pattern> hosts = internalDomains.stream()
                .map(d -> Pattern.compile("(?:[a-z][a-z0-9+.-]*://)?(?:[\\p{L}\\p{N}_-]+\\.)*" + Pattern.quote(d)
                        + "(?::\\d{1,5})?(?:/[^\\s)\\]\"'<>]*)?(?![\\p{L}\\p{N}-])", Pattern.CASE_INSENSITIVE))
                .toList();
        return text -> {
            if (text == null || text.isEmpty()) {
                return text;
            }
            String s = EMAIL_PATTERN.matcher(text).replaceAll(EMAIL);
            for (Pattern host : hosts) {
                s = host.matcher(s).replaceAll(HOST);
            }
            s = IPV4.matcher(s).replaceAll(IP);
            s = IPV6.matcher(s).replaceAll(IP);
            s = MONEY_PATTERN.matcher(s).replaceAll(MONEY);
            s = HANDLE.matcher(s).replaceAll(PERSON);
            for (Pattern name : namePatterns) {
                s = name.matcher(s).replaceAll(PERSON);
            }
            return s;
        };
    }

    /** A deep copy of a model (maps, lists, strings) with every string redacted and the given keys left out. */
    public Object redact(Object value, UnaryOperator<String> redaction, Set<String> dropKeys) {
        if (value instanceof String s) {
            return redaction.apply(s);
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> {
                if (!dropKeys.contains(String.valueOf(k))) {
                    copy.put(String.valueOf(k), redact(v, redaction, dropKeys));
                }
            });
            return copy;
        }
        if (value instanceof Collection<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(v -> copy.add(redact(v, redaction, dropKeys)));
            return copy;
        }
        return value;
    }

    public List<String> internalDomains() {
        return internalDomains;
    }

    private static void add(Set<String> names, String value) {
        if (value != null && value.trim().length() >= 2) {
            names.add(value.trim());
        }
    }

    static String describe(Collection<String> values) {
        return values.stream().collect(Collectors.joining(", "));
    }
}
