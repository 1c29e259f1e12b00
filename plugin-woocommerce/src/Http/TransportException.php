<?php

namespace ExactSidecar\Http;

/**
 * The request did not produce an HTTP answer (DNS, refused connection, timeout, TLS).
 */
final class TransportException extends \RuntimeException
{
}
