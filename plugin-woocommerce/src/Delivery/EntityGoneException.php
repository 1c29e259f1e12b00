<?php

namespace ExactSidecar\Delivery;

/**
 * The entity no longer exists at delivery time; there is nothing to send for this event type.
 */
final class EntityGoneException extends \RuntimeException
{
}
