package org.rpmpipeline.backtest.replay;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;

/**
 * A copy of a record with one component replaced, through its canonical constructor (so its validation runs).
 * Used to give a rule or a finding another rule id without listing every component, so a component added to
 * those records later needs no change here.
 */
final class RecordCopies {
    private RecordCopies() {
    }

    static <R extends Record> R with(R record, String component, Object value) {
        RecordComponent[] components = record.getClass().getRecordComponents();
        Object[] values = new Object[components.length];
        boolean found = false;
        try {
            for (int i = 0; i < components.length; i++) {
                if (components[i].getName().equals(component)) {
                    values[i] = value;
                    found = true;
                } else {
                    values[i] = components[i].getAccessor().invoke(record);
                }
            }
            if (!found) {
                throw new IllegalArgumentException(record.getClass().getSimpleName() + " has no " + component);
            }
            Class<?>[] types = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
            @SuppressWarnings("unchecked")
            Constructor<R> canonical = (Constructor<R>) record.getClass().getDeclaredConstructor(types);
            return canonical.newInstance(values);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime
                    : new IllegalStateException("cannot copy " + record.getClass().getSimpleName(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot copy " + record.getClass().getSimpleName(), e);
        }
    }
}
