<?php

declare(strict_types=1);

namespace Magento\Sales\Api\Data;

/**
 * Stand-in of the interface Magento generates from etc/extension_attributes.xml (the attribute
 * this module declares).
 */
interface OrderExtensionInterface
{
    /**
     * @return \ExactSidecar\Connector\Api\Data\OrderSyncStateInterface|null
     */
    public function getExactSidecarSync();

    /**
     * @param \ExactSidecar\Connector\Api\Data\OrderSyncStateInterface $exactSidecarSync
     * @return $this
     */
    public function setExactSidecarSync(\ExactSidecar\Connector\Api\Data\OrderSyncStateInterface $exactSidecarSync);
}
