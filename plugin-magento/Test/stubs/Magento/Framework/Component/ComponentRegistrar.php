<?php

declare(strict_types=1);

namespace Magento\Framework\Component;

/**
 * Stand-in of lib/internal/Magento/Framework/Component/ComponentRegistrar.php (register + getPath only).
 */
class ComponentRegistrar
{
    public const MODULE = 'module';

    /** @var array<string, array<string, string>> */
    private static $paths = [self::MODULE => []];

    /**
     * @param string $type
     * @param string $componentName
     * @param string $path
     * @return void
     */
    public static function register($type, $componentName, $path)
    {
        if (isset(self::$paths[$type][$componentName])) {
            throw new \LogicException(ucfirst($type) . " '$componentName' from '$path' has been already defined");
        }
        self::$paths[$type][$componentName] = str_replace('\\', '/', $path);
    }

    /**
     * @param string $type
     * @param string $componentName
     * @return string|null
     */
    public function getPath($type, $componentName)
    {
        return self::$paths[$type][$componentName] ?? null;
    }
}
