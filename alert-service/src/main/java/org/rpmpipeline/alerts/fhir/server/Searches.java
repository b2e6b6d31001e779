package org.rpmpipeline.alerts.fhir.server;

import ca.uhn.fhir.rest.api.SortOrderEnum;
import ca.uhn.fhir.rest.api.SortSpec;
import ca.uhn.fhir.rest.param.DateAndListParam;
import ca.uhn.fhir.rest.param.DateOrListParam;
import ca.uhn.fhir.rest.param.DateParam;
import ca.uhn.fhir.rest.param.ParamPrefixEnum;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import org.rpmpipeline.alerts.fhir.server.InMemoryFhirStore.Entry;

/**
 * The search semantics of the in-process server over the store's indexes (R4 search, section 3.1.1.4): tokens
 * as {@code [system|]code} (a bare code matches any system, {@code |code} only no system, {@code system|} any code
 * of the system), OR within a parameter's comma list, AND across repeats; dates with the R4 prefixes compared as
 * ranges (a value and a stored date each stand for the instants they cover at their precision); sorting by
 * {@code date} or {@code _lastUpdated}, either direction. What it does not support it refuses with 400 rather
 * than ignore: modifiers, the {@code ap} prefix, other sort keys.
 */
final class Searches {
    /** Page size when the request gives no {@code _count}. */
    static final int DEFAULT_PAGE = 50;
    /** The largest page: a bigger {@code _count} is served as this many per page. */
    static final int MAX_PAGE = 1_000;

    private Searches() {
    }

    /** The patient id a {@code patient} or {@code subject} parameter names (they must agree), or {@code null}. */
    static String patientId(ReferenceParam patient, ReferenceParam subject) {
        String a = patientOf(patient);
        String b = patientOf(subject);
        if (a != null && b != null && !a.equals(b)) {
            return "\u0000no-such-patient"; // both given and different: nothing matches
        }
        return a != null ? a : b;
    }

    private static String patientOf(ReferenceParam param) {
        if (param == null) {
            return null;
        }
        if (param.getChain() != null) {
            throw new InvalidRequestException("chained reference searches are not supported: " + param.getChain());
        }
        if (param.getResourceType() != null && !"Patient".equals(param.getResourceType())) {
            throw new InvalidRequestException("only Patient references are searchable here");
        }
        return param.getIdPart();
    }

    /** The entries to filter: those of the patient when one is named (an index lookup), else all. */
    static List<Entry> candidates(InMemoryFhirStore store, String type, String patientId) {
        return patientId == null ? store.entries(type) : store.entriesOfPatient(type, patientId);
    }

    static Predicate<Entry> identifier(TokenParam identifier) {
        if (identifier == null) {
            return e -> true;
        }
        noModifier(identifier);
        return e -> matches(e.identifierKeys(), identifier);
    }

    static Predicate<Entry> tokens(TokenOrListParam param, java.util.function.Function<Entry, List<String>> values) {
        if (param == null) {
            return e -> true;
        }
        param.getValuesAsQueryTokens().forEach(Searches::noModifier);
        return e -> param.getValuesAsQueryTokens().stream().anyMatch(t -> matches(values.apply(e), t));
    }

    private static boolean matches(List<String> tokens, TokenParam param) {
        String system = param.getSystem();
        String code = param.getValue();
        for (String token : tokens) {
            int bar = token.indexOf('|');
            String tokenSystem = token.substring(0, bar);
            String tokenCode = token.substring(bar + 1);
            boolean systemOk = system == null || system.equals(tokenSystem);
            boolean codeOk = code == null || code.isEmpty() || code.equals(tokenCode);
            if (systemOk && codeOk) {
                return true;
            }
        }
        return false;
    }

    private static void noModifier(TokenParam param) {
        if (param.getModifier() != null || param.isText()) {
            throw new InvalidRequestException("token modifiers are not supported");
        }
    }

    /** Entries whose effective time matches every date parameter (R4 date prefixes). */
    static Predicate<Entry> effective(DateAndListParam date) {
        if (date == null) {
            return e -> true;
        }
        checkDates(date);
        return e -> e.index().hasEffective()
                && matchesAll(date, e.index().effectiveLow(), e.index().effectiveHigh());
    }

    /** Entries last updated at an instant matching every {@code _lastUpdated} parameter. */
    static Predicate<Entry> lastUpdated(DateAndListParam lastUpdated) {
        if (lastUpdated == null) {
            return e -> true;
        }
        checkDates(lastUpdated);
        return e -> matchesAll(lastUpdated, e.lastUpdatedMillis(), e.lastUpdatedMillis());
    }

    private static void checkDates(DateAndListParam param) {
        for (DateOrListParam or : param.getValuesAsQueryTokens()) {
            for (DateParam date : or.getValuesAsQueryTokens()) {
                if (date.getPrefix() == ParamPrefixEnum.APPROXIMATE) {
                    throw new InvalidRequestException("the ap (approximately) date prefix is not supported");
                }
                try {
                    DateRanges.of(date.getValueAsString());
                } catch (IllegalArgumentException e) {
                    throw new InvalidRequestException(e.getMessage());
                }
            }
        }
    }

    private static boolean matchesAll(DateAndListParam param, long low, long high) {
        for (DateOrListParam or : param.getValuesAsQueryTokens()) {
            if (or.getValuesAsQueryTokens().stream().noneMatch(d -> matches(d, low, high))) {
                return false;
            }
        }
        return true;
    }

    /** Whether the target range [low, high] matches {@code date} by the R4 prefix rules. */
    static boolean matches(DateParam date, long low, long high) {
        long[] value = DateRanges.of(date.getValueAsString());
        boolean within = low >= value[0] && high <= value[1];
        ParamPrefixEnum prefix = date.getPrefix() == null ? ParamPrefixEnum.EQUAL : date.getPrefix();
        return switch (prefix) {
            case EQUAL -> within;
            case NOT_EQUAL -> !within;
            case GREATERTHAN -> high > value[1];
            case LESSTHAN -> low < value[0];
            case GREATERTHAN_OR_EQUALS -> high > value[1] || within;
            case LESSTHAN_OR_EQUALS -> low < value[0] || within;
            case STARTS_AFTER -> low > value[1];
            case ENDS_BEFORE -> high < value[0];
            case APPROXIMATE -> throw new InvalidRequestException("the ap date prefix is not supported");
        };
    }

    /** The order {@code sort} asks for, among {@code date} (if {@code withDate}) and {@code _lastUpdated}. */
    static Comparator<Entry> order(SortSpec sort, boolean withDate) {
        Comparator<Entry> order = null;
        for (SortSpec spec = sort; spec != null; spec = spec.getChain()) {
            Comparator<Entry> next;
            boolean descending = spec.getOrder() == SortOrderEnum.DESC;
            if (withDate && "date".equals(spec.getParamName())) {
                // resources without an effective time sort last either way
                next = Comparator.comparing((Entry e) -> !e.index().hasEffective())
                        .thenComparingLong(e -> descending ? -e.index().effectiveLow() : e.index().effectiveLow());
            } else if ("_lastUpdated".equals(spec.getParamName())) {
                next = Comparator.comparingLong(Entry::lastUpdatedMillis);
                if (descending) {
                    next = next.reversed();
                }
            } else {
                throw new InvalidRequestException("cannot sort by " + spec.getParamName() + "; supported: "
                        + (withDate ? "date, " : "") + "_lastUpdated (prefix - for descending)");
            }
            order = order == null ? next : order.thenComparing(next);
        }
        return order;
    }

    /** The page {@code offset}..{@code offset + count} of the matches, sorted, with the total. */
    static PageBundle page(List<Entry> candidates, Predicate<Entry> filter, Comparator<Entry> order,
            Integer offset, Integer count) {
        List<Entry> matches = new ArrayList<>();
        for (Entry entry : candidates) {
            if (filter.test(entry)) {
                matches.add(entry);
            }
        }
        if (order != null) {
            matches.sort(order.thenComparing(Entry::id));
        }
        int from = offset == null ? 0 : Math.max(0, offset);
        int size = count == null ? DEFAULT_PAGE : Math.max(0, Math.min(count, MAX_PAGE));
        int to = (int) Math.min(matches.size(), (long) from + size);
        List<org.hl7.fhir.instance.model.api.IBaseResource> resources = new ArrayList<>();
        for (int i = from; i < to; i++) {
            resources.add(InMemoryFhirStore.parse(matches.get(i)));
        }
        return new PageBundle(resources, matches.size(), from, size);
    }
}
