<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Model\Config\Source;

use ExactSidecar\Connector\Model\Admin\MappingOptions;
use Magento\Framework\Data\OptionSourceInterface;

/**
 * Exact's sales journals (GET /api/v1/shop/exact/options, "journals" of type 20/21), by code.
 */
class ExactJournals implements OptionSourceInterface
{
    /** @var MappingOptions */
    private $options;

    /**
     * @param MappingOptions $options
     */
    public function __construct(MappingOptions $options)
    {
        $this->options = $options;
    }

    /**
     * @return array<int, array{value: string, label: string}>
     */
    public function toOptionArray()
    {
        return $this->options->selectOptions('journal', (string) __('-- Choose a journal --'));
    }
}
