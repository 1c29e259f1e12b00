<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Model\Config\Source;

use Magento\Framework\Data\OptionSourceInterface;

/**
 * What is done with an order cancelled after it was sent.
 * The values are the sidecar's (Model\Settings\Sections::CHOICES).
 */
class CancelledOrders implements OptionSourceInterface
{
    /**
     * @return array<int, array{value: string, label: \Magento\Framework\Phrase}>
     */
    public function toOptionArray()
    {
        return [
            ['value' => 'credit', 'label' => __('Credit it in full')],
            ['value' => 'flag', 'label' => __('Leave it to a person (activity log and order note)')],
            ['value' => 'ignore', 'label' => __('Do nothing')],
        ];
    }
}
