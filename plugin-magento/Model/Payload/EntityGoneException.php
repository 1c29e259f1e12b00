<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Model\Payload;

/**
 * The entity of an outbox row no longer exists in Magento.
 */
class EntityGoneException extends \RuntimeException
{
}
