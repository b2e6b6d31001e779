package org.rpmpipeline.containers;

/** The MQTT 5 brokers the tier runs the scenarios against, each from its own image ({@link ImageNames}). */
public enum MqttBrokerImage {
    MOSQUITTO("Eclipse Mosquitto " + ImageNames.MOSQUITTO.getVersionPart()),
    HIVEMQ_CE("HiveMQ CE " + ImageNames.HIVEMQ_CE.getVersionPart());

    private final String title;

    MqttBrokerImage(String title) {
        this.title = title;
    }

    public String title() {
        return title;
    }
}
