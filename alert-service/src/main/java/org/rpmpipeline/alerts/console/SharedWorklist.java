package org.rpmpipeline.alerts.console;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * The worklist's live part rendered once and shared by every session that asks for the same thing: one rendering per
 * (state version, filters, the teams "my teams" stands for, whether the viewer may act), so a change seen by many
 * open consoles costs one rendering per distinct view, not one per console. The rendering holds no session's data:
 * each form's CSRF field is rendered as a slot (a random marker of this instance, never sent to a browser) that is
 * filled with the asking session's token on the way out. Whether the viewer may act is part of the key, so a viewer
 * is never served a clinician's enabled buttons; "my teams" is keyed by the teams it resolves to, so only sessions
 * with the same teams share. A rendering is reused for at most {@link #MAX_AGE} (the times it shows, "open for" and
 * "updated", stay that fresh), and at most {@link #MAX_ENTRIES} are held.
 */
final class SharedWorklist {
    static final Duration MAX_AGE = Duration.ofSeconds(2);
    static final int MAX_ENTRIES = 32;

    /** What one rendering is for. */
    record Key(long version, Worklist.Filters filters, Set<String> myTeams, boolean canAct) {
        Key {
            myTeams = Set.copyOf(myTeams);
        }
    }

    private record Entry(FutureTask<List<String>> rendering, Instant at) {
    }

    private final String slot = "csrf-slot-" + HexFormat.of().formatHex(randomBytes());
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{1,200}");
    private final Pattern slotPattern = Pattern.compile(Pattern.quote(slot));
    private final LongSupplier version;
    private final BiFunction<Key, String, String> render;
    private final Clock clock;
    private final AtomicLong renders = new AtomicLong();
    private final Map<Key, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);

    /**
     * @param version the state's version, read before each rendering (what is rendered is at least that new)
     * @param render renders the live part for a key, with the given text where each CSRF token goes
     */
    SharedWorklist(LongSupplier version, BiFunction<Key, String, String> render, Clock clock) {
        this.version = version;
        this.render = render;
        this.clock = clock;
    }

    /**
     * The live part for these filters and role, with {@code csrf} in its forms.
     *
     * @param csrf the session's token: URL-safe base64, so it goes into the attribute as it is
     */
    String html(Worklist.Filters filters, Set<String> myTeams, boolean canAct, String csrf) {
        if (!TOKEN.matcher(csrf).matches()) {
            throw new IllegalArgumentException("a CSRF token is URL-safe base64");
        }
        Key key = new Key(version.getAsLong(), filters,
                Worklist.Filters.MINE.equals(filters.team()) ? myTeams : Set.of(), canAct);
        FutureTask<List<String>> rendering;
        boolean renderHere = false;
        synchronized (entries) {
            Instant now = clock.instant();
            Entry entry = entries.get(key);
            if (entry == null || expired(entry, now)) {
                dropStale(now);
                rendering = new FutureTask<>(() -> split(render.apply(key, slot)));
                entries.put(key, new Entry(rendering, now));
                renderHere = true;
            } else {
                rendering = entry.rendering();
            }
        }
        if (renderHere) {
            renders.incrementAndGet();
            rendering.run();
        }
        try {
            return String.join(csrf, rendering.get());
        } catch (ExecutionException e) {
            synchronized (entries) {
                entries.values().removeIf(entry -> entry.rendering() == rendering);
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("worklist rendering failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the worklist", e);
        }
    }

    /** Renderings made so far (each serves every session that asks for its key while it is fresh). */
    long renders() {
        return renders.get();
    }

    /** Renderings held now. */
    int held() {
        synchronized (entries) {
            return entries.size();
        }
    }

    /** True if the entry is too old to serve. */
    private static boolean expired(Entry entry, Instant now) {
        return entry.at().plus(MAX_AGE).isBefore(now);
    }

    private void dropStale(Instant now) {
        for (Iterator<Entry> it = entries.values().iterator(); it.hasNext();) {
            Entry entry = it.next();
            if (expired(entry, now) && entry.rendering().isDone()) {
                it.remove();
            }
        }
        Iterator<Map.Entry<Key, Entry>> eldest = entries.entrySet().iterator();
        while (entries.size() >= MAX_ENTRIES && eldest.hasNext()) {
            eldest.next();
            eldest.remove();
        }
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    private List<String> split(String html) {
        return List.of(slotPattern.split(html, -1));
    }
}
