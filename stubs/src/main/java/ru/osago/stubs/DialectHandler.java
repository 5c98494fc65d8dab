package ru.osago.stubs;

/** Speaks one company's API; faults, auth and counting are the server's business, not the handler's. */
interface DialectHandler {

    /** @throws StubJson.BadRequest for a request the company would refuse with 400 */
    StubResponse handle(StubRequest request);
}
