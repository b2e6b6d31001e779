package org.rpmpipeline.ble;

/** The outcome of {@link GattCodec#decode(int, byte[])}: readings, or a rejection with a reason. */
public sealed interface GattResult permits GattDecoded, GattRejected {
}
