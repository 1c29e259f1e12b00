<?php

declare(strict_types=1);

namespace Magento\Sales\Api\Data;

/**
 * Stand-in of the factory Magento generates for OrderExtension.
 */
class OrderExtensionFactory
{
    /**
     * @param array<string, mixed> $data
     * @return OrderExtensionInterface
     */
    public function create(array $data = [])
    {
        return new OrderExtension();
    }
}
