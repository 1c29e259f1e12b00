<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Model\Config\Source;

use ExactSidecar\Connector\Model\Admin\MappingOptions;
use Magento\Framework\Data\OptionSourceInterface;

/**
 * One of Exact's lists as a select's options: an empty choice ("none"), then the records by code. The subclass
 * names the list (a key of MappingOptions::EXACT_LISTS); one class per list, since system.xml names classes.
 */
abstract class ExactList implements OptionSourceInterface
{
    protected const KIND = '';

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
        return $this->options->selectOptions(static::KIND, (string) __('-- None --'));
    }
}
