package ru.osago.logging;

import ch.qos.logback.classic.pattern.ExtendedThrowableProxyConverter;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.CoreConstants;

/**
 * Stack traces with personal data masked (an exception message may quote a request), preceded by a
 * line break like Spring Boot's {@code %wEx}. Used as {@code logging.exception-conversion-word: %maskedEx}.
 */
public class MaskingThrowableConverter extends ExtendedThrowableProxyConverter {

    @Override
    protected String throwableProxyToString(IThrowableProxy throwable) {
        return CoreConstants.LINE_SEPARATOR + PersonalDataMasker.mask(super.throwableProxyToString(throwable));
    }
}
