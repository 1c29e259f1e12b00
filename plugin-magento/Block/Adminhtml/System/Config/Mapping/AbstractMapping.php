<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Block\Adminhtml\System\Config\Mapping;

use ExactSidecar\Connector\Block\Adminhtml\System\Config\SidecarField;
use ExactSidecar\Connector\Model\Admin\MappingOptions;
use ExactSidecar\Connector\Model\Settings\SettingsView;
use Magento\Backend\Block\Template\Context;
use Magento\Config\Block\System\Config\Form\Field\FieldArray\AbstractFieldArray;
use Magento\Framework\Data\Form\Element\AbstractElement;
use Magento\Framework\DataObject;

/**
 * Dynamic rows "Magento code -> Exact code" (plus extra Exact columns, such as the payment journal), stored by
 * ArraySerialized as {"_id": {"magento":..,"exact":..}}. The rows shown are the sidecar's (SettingsView) unless
 * a save is pending. All columns are dropdowns; the Exact columns fall back to text inputs when the sidecar is
 * unreachable. The sidecar's errors about rows are shown under the table.
 */
abstract class AbstractMapping extends AbstractFieldArray
{
    /** @var MappingOptions */
    protected $options;

    /** @var SettingsView */
    protected $view;

    /** @var array<string, OptionsColumn|null> */
    private $renderers = [];

    /**
     * @param Context $context
     * @param MappingOptions $options
     * @param SettingsView $view
     * @param array<string, mixed> $data
     */
    public function __construct(Context $context, MappingOptions $options, SettingsView $view, array $data = [])
    {
        $this->options = $options;
        $this->view = $view;
        parent::__construct($context, $data);
    }

    /**
     * @param AbstractElement $element
     * @return string
     */
    public function render(AbstractElement $element)
    {
        $path = SidecarField::configPath($element);
        $rows = $this->view->value($path);
        if (is_array($rows)) {
            $element->setValue($rows);
        }
        $errors = '';
        foreach ($this->view->errors($path) as $problem) {
            $errors .= '<span class="exact-sidecar-field-error" style="display:block;color:#e22626">'
                . $this->escapeHtml($problem) . '</span>';
        }
        if ($errors !== '') {
            $element->setComment(trim((string) $element->getComment() . ' ' . $errors));
        }
        return parent::render($element);
    }

    /**
     * Optional Exact columns after "exact": column => [label, MappingOptions kind]; never required.
     *
     * @return array<string, array{0: string, 1: string}>
     */
    protected function extraColumns(): array
    {
        return [];
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
        foreach ($this->extraColumns() as $name => [$label]) {
            $extra = ['label' => $label];
            $renderer = $this->renderer($name);
            if ($renderer !== null) {
                $extra['renderer'] = $renderer;
            }
            $this->addColumn($name, $extra);
        }
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
        foreach (array_merge(['magento', 'exact'], array_keys($this->extraColumns())) as $column) {
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
            $extra = $this->extraColumns();
            if ($column === 'magento') {
                $choices = $this->options->magento($this->kind());
            } elseif (isset($extra[$column])) {
                $choices = $this->options->exact($extra[$column][1]);
                $choices = $choices === null ? null : ['' => (string) __('-- None --')] + $choices;
            } else {
                $choices = $this->options->exact($this->kind());
            }
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
