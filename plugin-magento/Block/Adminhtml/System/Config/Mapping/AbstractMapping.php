<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Block\Adminhtml\System\Config\Mapping;

use ExactSidecar\Connector\Model\Admin\MappingOptions;
use Magento\Backend\Block\Template\Context;
use Magento\Config\Block\System\Config\Form\Field\FieldArray\AbstractFieldArray;
use Magento\Framework\DataObject;

/**
 * Dynamic rows "Magento code -> Exact code", stored by ArraySerialized as {"_id": {"magento":..,"exact":..}}.
 * Both columns are dropdowns; the Exact column falls back to a text input when the sidecar is unreachable.
 */
abstract class AbstractMapping extends AbstractFieldArray
{
    /** @var MappingOptions */
    protected $options;

    /** @var array<string, OptionsColumn|null> */
    private $renderers = [];

    /**
     * @param Context $context
     * @param MappingOptions $options
     * @param array<string, mixed> $data
     */
    public function __construct(Context $context, MappingOptions $options, array $data = [])
    {
        $this->options = $options;
        parent::__construct($context, $data);
    }

    /**
     * vat, payment or shipping.
     *
     * @return string
     */
    abstract protected function kind(): string;

    /**
     * @return string
     */
    abstract protected function magentoLabel(): string;

    /**
     * @return string
     */
    abstract protected function exactLabel(): string;

    /**
     * @return void
     */
    protected function _prepareToRender()
    {
        $this->addColumn('magento', [
            'label' => $this->magentoLabel(),
            'renderer' => $this->renderer('magento'),
        ]);
        $exact = $this->renderer('exact');
        $column = ['label' => $this->exactLabel(), 'class' => 'required-entry'];
        if ($exact !== null) {
            $column['renderer'] = $exact;
        }
        $this->addColumn('exact', $column);
        $this->_addAfter = false;
        $this->_addButtonLabel = (string) __('Add mapping');
        $problem = $this->options->exactProblem();
        if ($problem !== null) {
            $this->setData('comment', (string) __('Exact choices unavailable (%1); type the Exact codes.', $problem));
        }
    }

    /**
     * Mark the stored values as selected.
     *
     * @param DataObject $row
     * @return void
     */
    protected function _prepareArrayRow(DataObject $row)
    {
        $attributes = [];
        foreach (['magento', 'exact'] as $column) {
            $renderer = $this->renderer($column);
            $value = $row->getData($column);
            if ($renderer !== null && $value !== null) {
                $attributes['option_' . $renderer->calcOptionHash($value)] = 'selected="selected"';
            }
        }
        $row->setData('option_extra_attrs', $attributes);
    }

    /**
     * @param string $column
     * @return OptionsColumn|null
     */
    private function renderer(string $column): ?OptionsColumn
    {
        if (!array_key_exists($column, $this->renderers)) {
            $choices = $column === 'magento'
                ? $this->options->magento($this->kind())
                : $this->options->exact($this->kind());
            if ($choices === null) {
                $this->renderers[$column] = null;
            } else {
                /** @var OptionsColumn $renderer */
                $renderer = $this->getLayout()->createBlock(
                    OptionsColumn::class,
                    '',
                    ['data' => ['is_render_to_js_template' => true]]
                );
                foreach ($this->storedValues($column) as $stored) {
                    if (!array_key_exists($stored, $choices)) {
                        $choices[$stored] = $stored . ' (' . __('not found') . ')';
                    }
                }
                $options = [];
                foreach ($choices as $value => $label) {
                    $options[] = ['value' => $value, 'label' => $label];
                }
                $renderer->setOptions($options);
                $this->renderers[$column] = $renderer;
            }
        }
        return $this->renderers[$column];
    }

    /**
     * Values saved earlier in one column, so a choice that disappeared is still shown and kept.
     *
     * @param string $column
     * @return string[]
     */
    private function storedValues(string $column): array
    {
        $element = $this->getElement();
        $rows = $element !== null ? $element->getValue() : null;
        $values = [];
        foreach (is_array($rows) ? $rows : [] as $row) {
            if (is_array($row) && isset($row[$column]) && (string) $row[$column] !== '') {
                $values[] = (string) $row[$column];
            }
        }
        return $values;
    }
}
