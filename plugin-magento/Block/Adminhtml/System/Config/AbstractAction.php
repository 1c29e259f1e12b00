<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Block\Adminhtml\System\Config;

use Magento\Config\Block\System\Config\Form\Field;
use Magento\Framework\Data\Form\Element\AbstractElement;

/**
 * A configuration-page row that renders a template instead of an input (buttons, status lines).
 */
abstract class AbstractAction extends Field
{
    /**
     * @var string
     */
    protected $_template = 'ExactSidecar_Connector::system/config/action.phtml';

    /**
     * No scope switcher or "use default" checkbox for an action row.
     *
     * @param AbstractElement $element
     * @return string
     */
    public function render(AbstractElement $element)
    {
        $element->unsScope()->unsCanUseWebsiteValue()->unsCanUseDefaultValue();
        return parent::render($element);
    }

    /**
     * @param AbstractElement $element
     * @return string
     */
    protected function _getElementHtml(AbstractElement $element)
    {
        $this->setData('html_id', $element->getHtmlId());
        return $this->_toHtml();
    }

    /**
     * Buttons of this row: [["label" => ..., "url" => ..., "confirm" => ?string, "redirect" => bool], ...].
     *
     * @return array<int, array<string, mixed>>
     */
    abstract public function getActions(): array;

    /**
     * URL polled on render to fill the status line, or null.
     *
     * @return string|null
     */
    public function getStatusUrl(): ?string
    {
        return null;
    }

    /**
     * Seconds between refreshes of the status line (0 = load once).
     *
     * @return int
     */
    public function getPollSeconds(): int
    {
        return 0;
    }

    /**
     * Extra inputs whose values are posted with the actions: [name => [label, type]], or for a select
     * [name => [label, 'select', [value => text]]] (the first option is chosen).
     *
     * @return array<string, array<int, mixed>>
     */
    public function getInputs(): array
    {
        return [];
    }

    /**
     * Static HTML (already escaped) shown above the buttons.
     *
     * @return string
     */
    public function getIntroHtml(): string
    {
        return '';
    }
}
