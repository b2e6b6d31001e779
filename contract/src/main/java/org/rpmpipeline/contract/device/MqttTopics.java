package org.rpmpipeline.contract.device;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.rpmpipeline.contract.Ids;

/**
 * The versioned MQTT topic scheme devices and hubs publish to. The version is the second level so a broker can
 * route {@code v1} and a future {@code v2} side by side while devices in the field upgrade.
 *
 * <pre>
 * rpm/v1/{deviceId}/vitals        JSON reading, or a JSON array of readings (offline sync)
 * rpm/v1/{deviceId}/ble/{uuid16}  raw GATT characteristic value, e.g. rpm/v1/cuff-7/ble/2a35
 * rpm/v1/{deviceId}/status        JSON battery, signal, firmware; a hub's last will says offline
 * </pre>
 */
public final class MqttTopics {
    public static final String ROOT = "rpm/v1";
    /** The filter a gateway subscribes to (inside a shared subscription). */
    public static final String ALL = ROOT + "/#";

    private static final Pattern TOPIC = Pattern.compile("rpm/v1/([^/]+)/(vitals|status|ble/([0-9a-fA-F]{4}))");

    private MqttTopics() {
    }

    public static String vitals(String deviceId) {
        return ROOT + "/" + Ids.require("deviceId", deviceId) + "/vitals";
    }

    public static String status(String deviceId) {
        return ROOT + "/" + Ids.require("deviceId", deviceId) + "/status";
    }

    public static String ble(String deviceId, int uuid16) {
        return ROOT + "/" + Ids.require("deviceId", deviceId) + "/ble/" + String.format(Locale.ROOT, "%04x", uuid16);
    }

    /** The shared-subscription filter for a gateway group, e.g. {@code $share/rpm-gateway/rpm/v1/#}. */
    public static String shared(String group, String filter) {
        if (group.isEmpty() || group.contains("/") || group.contains("+") || group.contains("#")) {
            throw new IllegalArgumentException("share group must be non-empty without / + #, was \"" + group + "\"");
        }
        return "$share/" + group + "/" + filter;
    }

    /** Parses a topic; empty if it is not one of ours (wrong version, unknown kind, invalid device id). */
    public static Optional<MqttAddress> parse(String topic) {
        Matcher m = TOPIC.matcher(topic);
        if (!m.matches() || !Ids.isValid(m.group(1))) {
            return Optional.empty();
        }
        String kind = m.group(2);
        if (kind.equals("vitals")) {
            return Optional.of(new MqttAddress(m.group(1), MqttAddress.Kind.VITALS, -1));
        }
        if (kind.equals("status")) {
            return Optional.of(new MqttAddress(m.group(1), MqttAddress.Kind.STATUS, -1));
        }
        return Optional.of(new MqttAddress(m.group(1), MqttAddress.Kind.BLE, Integer.parseInt(m.group(3), 16)));
    }
}
