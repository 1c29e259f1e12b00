<?php

declare(strict_types=1);

namespace Magento\Sales\Api\Data;

/**
 * Stand-in of the class Magento generates for OrderExtensionInterface.
 */
class OrderExtension implements OrderExtensionInterface
{
    /** @var \ExactSidecar\Connector\Api\Data\OrderSyncStateInterface|null */
    private $exactSidecarSync;

    /**
     * @inheritDoc
     */
    public function getExactSidecarSync()
    {
        return $this->exactSidecarSync;
    }

    /**
     * @inheritDoc
     */
    public function setExactSidecarSync(\ExactSidecar\Connector\Api\Data\OrderSyncStateInterface $exactSidecarSync)
    {
        $this->exactSidecarSync = $exactSidecarSync;
        return $this;
    }
}
