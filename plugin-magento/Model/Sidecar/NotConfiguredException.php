<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Model\Sidecar;

/**
 * Sidecar URL, shop id or secret is missing.
 */
class NotConfiguredException extends \RuntimeException
{
}
