<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Model\Http;

/**
 * The request did not get an HTTP answer (DNS, refused, timeout, TLS...). Always worth retrying later.
 */
class TransportException extends \RuntimeException
{
}
