<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Model\Config\Source;

use Magento\Framework\Data\OptionSourceInterface;

/**
 * Exact sync states as the sidecar reports them (order grid filter).
 */
class SyncState implements OptionSourceInterface
{
    /**
     * @return array<int, array{value: string, label: \Magento\Framework\Phrase}>
     */
    public function toOptionArray()
    {
        return [
            ['value' => 'pending', 'label' => __('Pending')],
            ['value' => 'posted', 'label' => __('Posted')],
            ['value' => 'failed', 'label' => __('Failed')],
            ['value' => 'skipped', 'label' => __('Skipped')],
        ];
    }
}
