package ru.osago.core;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The whole core-app on a random port, with an Artemis broker embedded in the test JVM and the real PostgreSQL
 * at 127.0.0.1:5432 in a schema of this test run's own ({@link TestSchema}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = TestSchema.class)
@ActiveProfiles("test")
@Import(TestBrokerJournal.class)
public @interface CoreAppTest {
}
