<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Model\Config\Source;

use Magento\Framework\Data\OptionSourceInterface;

/**
 * What is done with a SKU Exact does not know. The values are the sidecar's (Model\Settings\Sections::CHOICES).
 */
class MissingSku implements OptionSourceInterface
{
    /**
     * @return array<int, array{value: string, label: \Magento\Framework\Phrase}>
     */
    public function toOptionArray()
    {
        return [
            ['value' => 'fail', 'label' => __('Stop the order and say so')],
            ['value' => 'fallback_item', 'label' => __('Book it on the fallback item')],
            ['value' => 'create_item', 'label' => __('Create the item in Exact')],
        ];
    }
}
